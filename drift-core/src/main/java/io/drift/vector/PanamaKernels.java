package io.drift.vector;

/** Placeholder until the Panama implementation lands; delegates to scalar. */
final class PanamaKernels {
    static final VectorKernels INSTANCE = ScalarKernels.INSTANCE;
}
