package io.drift.codec.alp;

/**
 * How one vector of up to 1024 floats is stored. The {@link #id()} bytes are part of the segment
 * format and never change meaning.
 */
public enum FloatCodec {
    /** Plain little-endian IEEE 754 bits, four bytes per value. */
    RAW(0),
    /** ALP: decimals turned into integers by an exponent/factor pair, FOR + bit-packed, exceptions aside. */
    ALP(1),
    /** ALP_RD: dictionary-coded left bits and bit-packed right bits, for high-precision floats. */
    ALP_RD(2);

    private static final FloatCodec[] BY_ID = values();

    private final byte id;

    FloatCodec(int id) {
        this.id = (byte) id;
    }

    /** The stable on-disk id of this codec. */
    public byte id() {
        return id;
    }

    /**
     * The codec stored as {@code id}.
     *
     * @throws IllegalArgumentException if no codec has that id
     */
    public static FloatCodec fromId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("unknown float codec id " + id + " (expected 0..2)");
        }
        return BY_ID[id];
    }
}
