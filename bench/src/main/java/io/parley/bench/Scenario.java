package io.parley.bench;

import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A scenario command: runs, prints its table, writes JSON if asked. Exit 0 on success, 1 on a failed run, 2 on bad flags. */
abstract class Scenario implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Scenario.class);

    abstract BenchOptions options();

    /** Runs the scenario and returns its figures. */
    abstract Report run() throws Exception;

    static Dialect dialect(BenchOptions options) {
        return switch (options.target) {
            case parley -> new ParleyDialect(true);
            case lines -> new LinesDialect();
            case irc -> new IrcDialect();
        };
    }

    @Override
    public Integer call() {
        Report report;
        try {
            options().validate();
            report = run();
        } catch (IllegalArgumentException e) {
            System.err.println("chat-bench: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            log.error("run failed: {}", e.toString());
            return 1;
        }
        System.out.print(report.table());
        if (options().json != null) {
            try {
                report.writeJson(options().json);
            } catch (java.io.IOException e) {
                log.error("cannot write {}: {}", options().json, e.toString());
                return 1;
            }
        }
        return 0;
    }
}
