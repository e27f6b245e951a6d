package io.lockbench.harness.cli;

import io.lockbench.store.config.ConfigChoice;
import io.lockbench.store.config.ImportStrategy;
import io.lockbench.store.query.Bucket;
import picocli.CommandLine;

/** Option converters that accept the configuration spelling ({@code per-record}) and list the choices on error. */
final class ChoiceConverters {

    private ChoiceConverters() {}

    abstract static class Base<E extends Enum<E> & ConfigChoice> implements CommandLine.ITypeConverter<E> {
        private final Class<E> type;

        Base(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            return ConfigChoice.find(type, value)
                    .orElseThrow(() -> new CommandLine.TypeConversionException(ConfigChoice.notAChoice(type, value)));
        }
    }

    static final class ImportStrategyConverter extends Base<ImportStrategy> {
        ImportStrategyConverter() {
            super(ImportStrategy.class);
        }
    }

    static final class BucketConverter extends Base<Bucket> {
        BucketConverter() {
            super(Bucket.class);
        }
    }
}
