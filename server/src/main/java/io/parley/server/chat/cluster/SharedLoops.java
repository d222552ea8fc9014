package io.parley.server.chat.cluster;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands Lettuce the server's own event loops, so that its connections to Redis live on the loops
 * that serve the clients: no threads of its own, and replies handled where the chat runs. The
 * server stops the loops; Lettuce only borrows them.
 */
final class SharedLoops implements EventLoopGroupProvider {
    private final EventLoopGroup group;
    private final int threads;

    SharedLoops(EventLoopGroup group, int threads) {
        this.group = group;
        this.threads = threads;
    }

    @Override
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        if (!type.isInstance(group)) {
            throw new IllegalStateException("Lettuce asked for a " + type.getName() + ", the server's loops are a "
                    + group.getClass().getName());
        }
        return type.cast(group);
    }

    @Override
    public int threadPoolSize() {
        return threads;
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit timeUnit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }
}
