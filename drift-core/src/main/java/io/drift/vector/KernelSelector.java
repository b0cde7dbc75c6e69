package io.drift.vector;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Chooses the kernel implementation once, at class initialisation: Panama when the
 * {@code jdk.incubator.vector} module is readable and its preferred species is at least 128 bits,
 * scalar otherwise. {@code -Ddrift.kernels=scalar|panama} forces a choice. Logs one line naming
 * the choice and why.
 */
final class KernelSelector {
    private static final Logger LOG = System.getLogger("io.drift.vector");

    static final VectorKernels CHOSEN = choose();

    private KernelSelector() {}

    private static VectorKernels choose() {
        String forced = System.getProperty("drift.kernels", "").trim().toLowerCase(java.util.Locale.ROOT);
        if (forced.equals("scalar")) {
            LOG.log(Level.INFO, "vector kernels: scalar (forced by -Ddrift.kernels=scalar)");
            return ScalarKernels.INSTANCE;
        }
        String why = panamaUnavailableReason();
        if (why == null) {
            VectorKernels panama = PanamaHolder.create();
            LOG.log(Level.INFO, "vector kernels: " + panama.name());
            return panama;
        }
        if (forced.equals("panama")) {
            throw new IllegalStateException("-Ddrift.kernels=panama but the Vector API is unusable: " + why);
        }
        LOG.log(Level.INFO, "vector kernels: scalar (" + why + ")");
        return ScalarKernels.INSTANCE;
    }

    /** Null when the Panama kernels can run here, otherwise the reason they cannot. */
    static String panamaUnavailableReason() {
        Module vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").orElse(null);
        if (vectorModule == null) {
            return "module jdk.incubator.vector not resolved; run with --add-modules jdk.incubator.vector";
        }
        if (!KernelSelector.class.getModule().canRead(vectorModule)) {
            return "module jdk.incubator.vector is not readable from " + KernelSelector.class.getModule();
        }
        int bits = PanamaHolder.preferredBits();
        if (bits < 128) {
            return "preferred vector species is only " + bits + " bits";
        }
        return null;
    }

    /** Separate class so the Vector API classes are loaded only once we know they are readable. */
    private static final class PanamaHolder {
        static int preferredBits() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }

        static VectorKernels create() {
            return PanamaKernels.INSTANCE;
        }
    }
}
