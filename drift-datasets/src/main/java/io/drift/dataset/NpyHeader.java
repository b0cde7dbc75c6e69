package io.drift.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a NumPy {@code .npy} file: the Python dictionary literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (n, d), }} that follows the magic
 * string, the format version and the header length (see the NumPy format specification,
 * {@code numpy.lib.format}). Parses the literal strictly enough to reject what Drift cannot read,
 * and formats it the way NumPy does, padded so the data starts on a 64-byte boundary.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

    /** The six magic bytes {@code \x93NUMPY} every .npy file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** The only dtype Drift reads and writes: little-endian IEEE float32. */
    static final String FLOAT32 = "<f4";

    private static final int ALIGNMENT = 64;

    /** Parses a header dictionary literal read from {@code file}. */
    static NpyHeader parse(String text, Path file) throws MalformedFileException {
        Map<String, Object> dict = new Parser(text, file).parseDict();
        for (String key : dict.keySet()) {
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new MalformedFileException(file, "unexpected key '" + key
                        + "' in .npy header " + text.strip() + "; expected descr, fortran_order and shape");
            }
        }
        Object descr = require(dict, "descr", text, file);
        Object fortran = require(dict, "fortran_order", text, file);
        Object shape = require(dict, "shape", text, file);
        if (!(descr instanceof String d)) {
            throw new MalformedFileException(file, "descr must be a dtype string in .npy header " + text.strip());
        }
        if (!(fortran instanceof Boolean f)) {
            throw new MalformedFileException(file, "fortran_order must be True or False in .npy header " + text.strip());
        }
        if (!(shape instanceof long[] s)) {
            throw new MalformedFileException(file, "shape must be a tuple of integers in .npy header " + text.strip());
        }
        return new NpyHeader(d, f, s);
    }

    private static Object require(Map<String, Object> dict, String key, String text, Path file)
            throws MalformedFileException {
        Object value = dict.get(key);
        if (value == null) {
            throw new MalformedFileException(file, "missing key '" + key + "' in .npy header " + text.strip());
        }
        return value;
    }

    /**
     * The whole preamble (magic, version, header length and padded header) for this header,
     * version 1.0 when the header fits in 65535 bytes and 2.0 otherwise.
     */
    byte[] encode() {
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '").append(descr).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            dict.append(','); // a Python 1-tuple: (d,)
        }
        dict.append("), }");
        int major = 1;
        int lengthBytes = 2;
        int unpadded = MAGIC.length + 2 + lengthBytes + dict.length() + 1;
        int padded = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        if (padded - MAGIC.length - 2 - lengthBytes > 0xFFFF) {
            major = 2;
            lengthBytes = 4;
            unpadded = MAGIC.length + 2 + lengthBytes + dict.length() + 1;
            padded = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        }
        dict.repeat(' ', padded - unpadded).append('\n');
        byte[] headerBytes = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[padded];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) major;
        out[7] = 0;
        int len = headerBytes.length;
        out[8] = (byte) len;
        out[9] = (byte) (len >>> 8);
        if (lengthBytes == 4) {
            out[10] = (byte) (len >>> 16);
            out[11] = (byte) (len >>> 24);
        }
        System.arraycopy(headerBytes, 0, out, MAGIC.length + 2 + lengthBytes, len);
        return out;
    }

    /** A recursive-descent parser for the subset of Python literals .npy headers use. */
    private static final class Parser {
        private final String text;
        private final Path file;
        private int pos;

        Parser(String text, Path file) {
            this.text = text;
            this.file = file;
        }

        Map<String, Object> parseDict() throws MalformedFileException {
            Map<String, Object> dict = new LinkedHashMap<>();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                String key = parseString();
                expect(':');
                if (dict.put(key, parseValue()) != null) {
                    throw error("duplicate key '" + key + "'");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the dictionary");
            }
            return dict;
        }

        private Object parseValue() throws MalformedFileException {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return parseString();
            }
            if (c == '(') {
                return parseTuple();
            }
            if (c == '[') {
                int start = pos;
                skipBalanced('[', ']');
                return text.substring(start, pos); // a structured dtype; rejected by the caller
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("unexpected value");
        }

        private String parseString() throws MalformedFileException {
            skipSpace();
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private long[] parseTuple() throws MalformedFileException {
            expect('(');
            List<Long> values = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                values.add(parseInteger());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape tuple");
                }
            }
            return values.stream().mapToLong(Long::longValue).toArray();
        }

        private long parseInteger() throws MalformedFileException {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a non-negative integer in the shape tuple");
            }
            long value;
            try {
                value = Long.parseLong(text, start, pos, 10);
            } catch (NumberFormatException e) {
                throw error("shape value " + text.substring(start, pos) + " is too large");
            }
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++; // Python 2 long literal
            }
            return value;
        }

        private void skipBalanced(char open, char close) throws MalformedFileException {
            int depth = 0;
            do {
                char c = peek();
                if (c == open) {
                    depth++;
                } else if (c == close) {
                    depth--;
                }
                pos++;
            } while (depth > 0);
        }

        private void expect(char c) throws MalformedFileException {
            skipSpace();
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() throws MalformedFileException {
            if (pos >= text.length()) {
                throw error("unexpected end of header");
            }
            return text.charAt(pos);
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private MalformedFileException error(String problem) {
            return new MalformedFileException(file, "cannot parse .npy header " + text.strip()
                    + ": " + problem + " at character " + pos);
        }
    }
}
