package io.drift.engine;

import io.drift.search.Calibration;
import io.drift.search.L1Index;
import io.drift.version.SegmentRef;
import io.drift.version.Version;
import io.drift.version.VersionEdit;
import io.drift.version.VersionSet;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds each Version's L1 index and keeps it calibrated for recall targets. A new index keeps the
 * previous one's calibration (it follows the data's distribution, which one flush barely moves);
 * the first one is measured when the first segments arrive. Once as many rows as the calibration
 * was measured on have been flushed or rewritten since (the index doubled, or churned through
 * itself), it is measured again on the maintenance thread, after a flush that leaves no frozen
 * memtable (while writes outrun the flushes, the core is theirs); searches use the old one until
 * the new one is installed. Measuring costs an exhaustive search per calibration query.
 */
final class Calibrator implements VersionSet.IndexFactory, VersionSet.Listener {

    private static final System.Logger LOG = System.getLogger(Calibrator.class.getName());
    /** k of the calibration. */
    static final int CALIBRATION_K = 10;

    private final String name;
    private final CollectionSettings settings;
    private final Background background;
    private VersionSet versions;
    private final AtomicBoolean recalibrating = new AtomicBoolean();
    // guarded by the structure lock (index builds and applied edits run under it)
    /** Rows of the index the calibration in use was measured on. */
    private long calibratedRows;
    /** Rows flushed or rewritten since the calibration in use was scheduled. */
    private long changedSinceCalibration;

    Calibrator(String name, CollectionSettings settings, Background background) {
        this.name = name;
        this.settings = settings;
        this.background = background;
    }

    void attach(VersionSet versions) {
        this.versions = versions;
    }

    /** Whether a calibration is being measured or waits to be. */
    boolean running() {
        return recalibrating.get();
    }

    @Override
    public L1Index open(List<SegmentRef> refs, L1Index previous) throws IOException {
        L1Index l1 = L1Index.over(refs.stream().map(SegmentRef::reader).toList(),
                refs.stream().map(SegmentRef::tombstones).toList(),
                refs.stream().mapToLong(SegmentRef::partition).toArray(),
                refs.stream().map(SegmentRef::temperature).toArray(float[][]::new), settings.searchConfig());
        if (previous != null && previous.calibration() != null) {
            l1.calibration(previous.calibration());
        } else if (settings.calibrationQueries() > 0 && l1.rows() > CALIBRATION_K) {
            l1.calibrate((int) Math.min(settings.calibrationQueries(), l1.rows()), CALIBRATION_K, settings.seed());
            calibratedRows = l1.rows();
        }
        return l1;
    }

    @Override
    public void applied(VersionEdit edit, Version next) {
        changedSinceCalibration += edit.rowsWritten();
        L1Index l1 = next.l1();
        if (l1 == null || l1.calibration() == null || changedSinceCalibration < calibratedRows
                || !next.frozen().isEmpty() || !recalibrating.compareAndSet(false, true)) {
            return;
        }
        changedSinceCalibration = 0;
        try {
            background.maintain(this::recalibrate);
        } catch (RejectedExecutionException e) {
            recalibrating.set(false); // the engine is closing
        }
    }

    private void recalibrate() {
        try {
            Version v = versions.pin();
            if (v == null) {
                return; // closed
            }
            try {
                L1Index measured = v.l1();
                Calibration c = measured.measureCalibration(
                        (int) Math.min(settings.calibrationQueries(), measured.rows()), CALIBRATION_K, settings.seed());
                versions.runExclusive(() -> {
                    Version now = versions.current();
                    if (now != null && now.l1() != null) {
                        now.l1().calibration(c); // later indexes copy it from there
                    }
                    calibratedRows = measured.rows();
                });
            } finally {
                v.release();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "collection " + name + ": recalibration failed; the previous one stays", e);
        } finally {
            recalibrating.set(false);
        }
    }
}
