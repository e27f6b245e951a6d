package io.lockbench.store.config;

/** How an import groups JSONL records into write transactions: one per record, batch_size records, or one per file. */
public enum ImportStrategy implements ConfigChoice {
    PER_RECORD,
    BATCHED,
    WHOLE_FILE;

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
