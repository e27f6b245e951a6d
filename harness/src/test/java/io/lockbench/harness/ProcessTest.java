package io.lockbench.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * A test class that starts other processes (lockbench JVMs, worker or server JVMs, Python writers,
 * Git builds): tagged {@code process}, so it runs in the integration-test lane ({@code failsafe},
 * after the unit tests), and bounded per test, so a child that never exits fails the test instead of
 * holding CI.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("process")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
public @interface ProcessTest {}
