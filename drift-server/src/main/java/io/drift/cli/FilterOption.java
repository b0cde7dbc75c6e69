package io.drift.cli;

import io.drift.proto.v1.Filter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --filter EXPR} option of the commands that choose points by filter (search, count,
 * scroll, delete): the readable syntax of {@link FilterSyntax}, or a {@code drift.v1.Filter} as JSON
 * ({@link FilterJson}) when it starts with {@code {}. A filter that does not parse is a usage error.
 */
final class FilterOption {

    @Option(names = "--filter", paramLabel = "EXPR",
            description = {"Only points meeting this filter, e.g. \"cls = shirt and price < 20\","
                    + " \"tags in [red, blue]\", \"not meta.sold is null\", \"has_id 1, 2\", or a drift.v1.Filter as JSON"
                    + " ('{\"must\": [...]}'); see the Filters section of the server's documentation."})
    String expression;

    /** Whether a filter was given. */
    boolean given() {
        return expression != null;
    }

    /**
     * The filter given, or null when none was.
     *
     * @throws ParameterException naming the problem, for one that does not parse
     */
    Filter filter(CommandSpec spec) {
        if (expression == null) {
            return null;
        }
        try {
            return expression.stripLeading().startsWith("{") ? FilterJson.parse(expression)
                    : FilterSyntax.parse(expression);
        } catch (FilterSyntax.ParseError e) {
            throw new ParameterException(spec.commandLine(), "--filter: " + e.getMessage() + "\n  " + expression
                    + "\n  " + " ".repeat(e.column() - 1) + "^");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--filter: " + e.getMessage());
        }
    }
}
