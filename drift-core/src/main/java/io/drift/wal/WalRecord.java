package io.drift.wal;

/** A record read back from the log: the operation and the sequence number it was given. */
public record WalRecord(long seq, WalOp op) {}
