package io.drift.payload;

import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 and UTF-16 checks for payload strings: Java strings may hold unpaired surrogates,
 * which UTF-8 cannot carry, and encoded payloads must hold only well-formed UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF) so that each string has one encoding.
 */
final class Utf8 {
    private Utf8() {}

    /** The index of the first unpaired surrogate in {@code s}, or -1 when it is valid UTF-16. */
    static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The UTF-8 bytes of {@code s}, which must be valid UTF-16 (see {@link #unpairedSurrogate}). */
    static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The string of the well-formed UTF-8 bytes {@code b[off..off+len)}. */
    static String decode(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    /**
     * The offset, from {@code off}, of the first byte of {@code b[off..off+len)} that is not part
     * of well-formed UTF-8, or -1 when all of it is.
     */
    static int firstInvalid(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                lo = c == 0xE0 ? 0xA0 : 0x80; // overlong below U+0800
                hi = c == 0xED ? 0x9F : 0xBF; // surrogates U+D800..U+DFFF
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                lo = c == 0xF0 ? 0x90 : 0x80; // overlong below U+10000
                hi = c == 0xF4 ? 0x8F : 0xBF; // above U+10FFFF
            } else {
                return i - off;
            }
            if (i + n >= end) { // truncated
                return i - off;
            }
            int c1 = b[i + 1] & 0xFF;
            if (c1 < lo || c1 > hi) {
                return i - off;
            }
            for (int k = 2; k <= n; k++) {
                int ck = b[i + k] & 0xFF;
                if (ck < 0x80 || ck > 0xBF) {
                    return i - off;
                }
            }
            i += n + 1;
        }
        return -1;
    }
}
