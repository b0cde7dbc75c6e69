package io.drift.vector;

/** The scalar arithmetic both kernel implementations share, so they round identically. */
final class KernelMath {
    private KernelMath() {}

    static float cosine(float dot, float normA, float normB) {
        float denom = (float) Math.sqrt((double) normA * (double) normB);
        return denom == 0f ? 0f : dot / denom;
    }

    static float adc(float base, float scale, float sum, float corr) {
        return Math.fma(scale, sum, base) + corr;
    }

    /** Unclamped value {@code t = (v - min)·invStep}, clamped to [0, 255], rounded half up. */
    static int sq8Code(float v, float min, float invStep) {
        float t = (v - min) * invStep;
        t = Math.max(0f, Math.min(255f, t));
        return (int) (t + 0.5f);
    }
}
