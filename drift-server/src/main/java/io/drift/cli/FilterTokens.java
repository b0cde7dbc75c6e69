package io.drift.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of the readable filter syntax ({@link FilterSyntax}): words (anything but spaces,
 * quotes and {@code ( ) [ ] , = ! < >}), quoted strings ({@code '...'} or {@code "..."}, a
 * backslash quoting the next character), the comparison operators, parentheses, brackets and
 * commas, each with the column (from 1) where it starts; an END token closes the list.
 */
final class FilterTokens {

    /** What a token is. */
    enum Kind { WORD, STRING, OP, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, END }

    /** One token: its kind, its text (a string's without quotes), and its first column. */
    record Token(Kind kind, String text, int column) {

        /** Whether this is the bare word {@code word}, in any case. */
        boolean isWord(String word) {
            return kind == Kind.WORD && text.toLowerCase(Locale.ROOT).equals(word);
        }

        /** The token as messages name it. */
        String describe() {
            return switch (kind) {
                case END -> "the end of the filter";
                case STRING -> "the string '" + text + "'";
                default -> "'" + text + "'";
            };
        }
    }

    private static final String SPECIAL = "()[],=!<>'\"";

    private FilterTokens() {}

    /**
     * The tokens of {@code text}, ending with END.
     *
     * @throws FilterSyntax.ParseError for an unterminated string or a lone {@code !}
     */
    static List<Token> of(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int column = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                i = string(text, i, out);
            } else if ("=!<>".indexOf(c) >= 0) {
                boolean twoChars = i + 1 < text.length() && text.charAt(i + 1) == '=';
                if (c == '!' && !twoChars) {
                    throw new FilterSyntax.ParseError(column, "expected '!=', found '!' (negate with 'not')");
                }
                String op = twoChars ? text.substring(i, i + 2) : String.valueOf(c);
                out.add(new Token(Kind.OP, op, column));
                i += op.length();
            } else if ("()[],".indexOf(c) >= 0) {
                Kind k = switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '[' -> Kind.LBRACKET;
                    case ']' -> Kind.RBRACKET;
                    default -> Kind.COMMA;
                };
                out.add(new Token(k, String.valueOf(c), column));
                i++;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))
                        && SPECIAL.indexOf(text.charAt(end)) < 0) {
                    end++;
                }
                out.add(new Token(Kind.WORD, text.substring(i, end), column));
                i = end;
            }
        }
        out.add(new Token(Kind.END, "", text.length() + 1));
        return out;
    }

    /** Reads the quoted string starting at {@code start} into {@code out}; returns the index after it. */
    private static int string(String text, int start, List<Token> out) {
        char quote = text.charAt(start);
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == quote) {
                out.add(new Token(Kind.STRING, sb.toString(), start + 1));
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length()) {
                i++;
                c = text.charAt(i);
            }
            sb.append(c);
            i++;
        }
        throw new FilterSyntax.ParseError(start + 1, "the string opened here is not closed (" + quote + ")");
    }
}
