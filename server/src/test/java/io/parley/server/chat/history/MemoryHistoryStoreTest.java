package io.parley.server.chat.history;

import io.parley.server.metrics.ServerMetrics;

class MemoryHistoryStoreTest extends HistoryStoreContract {

    @Override
    HistoryStore newStore(Retention retention) {
        return new MemoryHistoryStore(retention, clock, ServerMetrics.disabled().history());
    }
}
