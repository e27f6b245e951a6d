package io.lockbench.store.config;

/** Which of the repeated usage lines of one streamed response counts: the one with the most output tokens (ties: the last), or the first one seen (what ccusage 18 does). */
public enum UsagePolicy implements ConfigChoice {
    MAX_OUTPUT,
    FIRST_SEEN;

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
