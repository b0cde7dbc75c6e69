#!/usr/bin/env python3
"""Generates FastLanesKernels.java: FastLanes bit-packing kernels for 32-bit values, one method
per bit width 0..32, in the shape of the reference implementation (spiraldb/fastlanes): one loop
over the 32 lanes whose body is every row of the lane written out with constant shifts and masks.

The layout is the one documented in FastLanes.java and must not change: row r of lane l is input
value FL_ORDER[r / 8] * 16 + (r % 8) * 128 + l, stored at bits [r * W, (r + 1) * W) of the lane's
bit stream, and packed word w of lane l is word 32 * w + l.

Python 3 standard library only. Regenerate from the repository root with

    python3 drift-core/src/main/codegen/gen_fastlanes.py

which overwrites drift-core/src/main/java/io/drift/codec/fastlanes/FastLanesKernels.java; commit
both files together. With --check it writes nothing and exits 1 when the checked-in file differs
from what it would generate (the build runs this: FastLanesGeneratorTest).
"""

import os
import sys

T = 32
LANES = 1024 // T
FL_ORDER = [0, 4, 2, 6, 1, 5, 3, 7]
ROW_OFFSET = [FL_ORDER[r // 8] * 16 + (r % 8) * 128 for r in range(T)]

# Widths whose FOR decoding (unpackFor) fuses the base into the generated unpack loop. For the
# other widths unpackFor is the plain generated unpack followed by a separate loop adding the base,
# which the JIT vectorises and which measured faster there (FastLanesBenchmark, forDecode against
# forUnpackThenAdd, one run: fused wins at 8, 16 and 32 - no masks or straddles - and loses by
# 10-20 % at 2..7, 10, 12 and 14; 20..28 are within noise).
FUSED_FOR = {0, 8, 16, 24, 32}

# Widths whose unpack stays on the generic loop of IntPacker, where the generated kernel measured
# slower (width 1: 2.09 G/s generated against 2.27 G/s generic).
GENERIC_UNPACK = {1}

SCRIPT = "drift-core/src/main/codegen/gen_fastlanes.py"
TARGET = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "java", "io", "drift", "codec", "fastlanes", "FastLanesKernels.java")

HEADER = f"""\
// GENERATED FILE - DO NOT EDIT.
// Written by {SCRIPT} (Python 3, standard library only).
// To regenerate, run from the repository root:
//     python3 {SCRIPT}
// and commit the script and this file together.
package io.drift.codec.fastlanes;

/**
 * The 32-bit FastLanes kernels, one method per bit width: each is a single loop over the {{@value
 * #LANES}} lanes whose body reads the lane's packed words once and writes all 32 rows with
 * constant shifts and masks, the shape of the reference implementation. The layout is the one
 * documented in {{@link FastLanes}}; {{@link IntPacker}} keeps the generic loop as the reference
 * these are tested against. Arguments are not checked here.
 *
 * <p>{{@code pack}} subtracts {{@code base}} from every value (wrapping) and drops bits above the
 * width; {{@code unpack}} writes the raw values and {{@code unpackFor}} adds {{@code base}} to each.
 * Which widths fuse the base into the unpack loop (the others unpack, then add it in a separate
 * loop) and which widths stay on the generic loop was measured, see FUSED_FOR and GENERIC_UNPACK
 * in the generator.
 */
final class FastLanesKernels {{
    private static final int LANES = {LANES};

    private FastLanesKernels() {{}}
"""


def mask_lit(w):
    return "0x%X" % ((1 << w) - 1) if w < 32 else "-1"


def off(name, k):
    return f"{name} + {k} + l" if k else f"{name} + l"


def dispatch(name, params, args, special=None):
    lines = [f"    static void {name}({params}) {{", "        switch (w) {"]
    for w in range(T + 1):
        call = special(w) if special else None
        lines.append(f"            case {w} -> {call or f'{name}{w}({args});'}")
    lines.append('            default -> throw new IllegalArgumentException("bit width must be in 0..32, got " + w);')
    lines.append("        }")
    lines.append("    }")
    return "\n".join(lines) + "\n"


def gen_unpack(w, with_base):
    name = ("unpackFor" if with_base else "unpack") + str(w)
    params = "int[] in, int inOff, int base, int[] out, int outOff" if with_base else \
        "int[] in, int inOff, int[] out, int outOff"
    add = " + base" if with_base else ""
    body = [f"    private static void {name}({params}) {{"]
    if w == 0:
        val = "base" if with_base else "0"
        body.append("        for (int l = 0; l < LANES; l++) {")
        for r in range(T):
            body.append(f"            out[{off('outOff', ROW_OFFSET[r])}] = {val};")
        body.append("        }")
        body.append("    }")
        return "\n".join(body) + "\n"
    m = mask_lit(w)
    body.append("        for (int l = 0; l < LANES; l++) {")
    loaded = set()

    def word(k):
        if k not in loaded:
            loaded.add(k)
            body.append(f"            int w{k} = in[{off('inOff', LANES * k)}];")
        return f"w{k}"

    for r in range(T):
        bit = r * w
        k, shift = divmod(bit, T)
        dst = f"out[{off('outOff', ROW_OFFSET[r])}]"
        if shift + w <= T:
            x = word(k)
            e = f"{x} >>> {shift}" if shift else x
            if shift + w < T:
                e = f"({e}) & {m}" if shift else f"{e} & {m}"
        else:
            lo = word(k)
            hi = word(k + 1)
            hb = T - shift  # bits of this row in word k
            e = f"({lo} >>> {shift}) | (({hi} & {mask_lit(w - hb)}) << {hb})"
        if with_base:
            e = (f"({e})" if " " in e else e) + add
        body.append(f"            {dst} = {e};")
    body.append("        }")
    body.append("    }")
    return "\n".join(body) + "\n"


def gen_pack(w):
    body = [f"    private static void pack{w}(int[] in, int inOff, int base, int[] out, int outOff) {{"]
    if w == 0:
        body.append("    }")
        return "\n".join(body) + "\n"
    m = mask_lit(w)
    body.append("        for (int l = 0; l < LANES; l++) {")
    acc_open = False
    for r in range(T):
        bit = r * w
        k, shift = divmod(bit, T)
        v = f"v{r}"
        val = f"in[{off('inOff', ROW_OFFSET[r])}] - base"
        body.append(f"            int {v} = " + (f"({val}) & {m};" if w < T else f"{val};"))
        if shift == 0:
            body.append(f"            int acc{'' if acc_open else ''} = {v};" if not acc_open else f"            acc = {v};")
            acc_open = True
        else:
            body.append(f"            acc |= {v} << {shift};")
        if shift + w >= T:
            body.append(f"            out[{off('outOff', LANES * k)}] = acc;")
            if shift + w > T:
                body.append(f"            acc = {v} >>> {T - shift};")
    body.append("        }")
    body.append("    }")
    return "\n".join(body) + "\n"


def generate():
    parts = [HEADER]
    parts.append("\n    /** Packs {@code in[inOff..inOff+1024)} minus {@code base} at {@code w} bits into {@code out[outOff..)}. */\n")
    parts.append(dispatch("pack", "int[] in, int inOff, int w, int base, int[] out, int outOff",
                          "in, inOff, base, out, outOff"))
    parts.append("\n    /** Unpacks one block packed at {@code w} bits from {@code in[inOff..)} into {@code out[outOff..outOff+1024)}. */\n")
    parts.append(dispatch("unpack", "int[] in, int inOff, int w, int[] out, int outOff",
                          "in, inOff, out, outOff",
                          lambda w: "IntPacker.unpackGeneric(in, inOff, w, 0, out, outOff);"
                          if w in GENERIC_UNPACK else None))
    parts.append("\n    /** As {@code unpack}, adding {@code base} (wrapping) to every value. */\n")
    parts.append(dispatch("unpackFor", "int[] in, int inOff, int w, int base, int[] out, int outOff",
                          "in, inOff, base, out, outOff",
                          lambda w: None if w in FUSED_FOR else
                          ("IntPacker.unpackGeneric(in, inOff, w, base, out, outOff);" if w in GENERIC_UNPACK
                           else f"{{\n                unpack{w}(in, inOff, out, outOff);\n"
                                f"                addBase(base, out, outOff);\n            }}")))
    parts.append("""
    private static void addBase(int base, int[] out, int outOff) {
        for (int i = 0; i < 1024; i++) {
            out[outOff + i] += base;
        }
    }
""")
    for w in range(T + 1):
        parts.append("\n")
        parts.append(gen_pack(w))
    for w in range(T + 1):
        if w not in GENERIC_UNPACK:
            parts.append("\n")
            parts.append(gen_unpack(w, False))
    for w in sorted(FUSED_FOR):
        parts.append("\n")
        parts.append(gen_unpack(w, True))
    parts.append("}\n")
    return "".join(parts)


if __name__ == "__main__":
    source = generate()
    target = os.path.normpath(TARGET)
    if sys.argv[1:] == ["--check"]:
        with open(target, encoding="utf-8", newline="") as f:
            if f.read() != source:
                sys.exit(target + " differs from what " + os.path.basename(__file__)
                         + " generates: regenerate it, or change the generator rather than its output")
    elif sys.argv[1:]:
        sys.exit("usage: " + os.path.basename(__file__) + " [--check]")
    else:
        with open(target, "w", encoding="utf-8", newline="\n") as f:
            f.write(source)
