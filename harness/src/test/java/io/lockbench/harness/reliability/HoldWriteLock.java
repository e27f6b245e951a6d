package io.lockbench.harness.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** A separate process that takes a database's write lock, says so, and keeps it until killed. */
public final class HoldWriteLock {

    private HoldWriteLock() {}

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
                Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            System.out.println("holding");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
