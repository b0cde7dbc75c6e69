package io.drift.concurrent;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;

/**
 * Lowers the CPU priority of background threads so that foreground work (searches, writers,
 * flushes) preempts them: the niceness of the calling thread, through {@code setpriority(2)},
 * which on Linux applies to one thread when given its thread id. The storage engines' answer to
 * the same problem (RocksDB lowers its compaction threads alike): maintenance uses what the
 * foreground leaves, and a search never waits a whole scheduler slice behind a re-clustering.
 *
 * <p>Elsewhere than Linux, or when the C library or native access is not available, nothing
 * changes: the threads keep the normal priority and {@link #lowerCurrentThread} says so.
 */
public final class CpuPriority {

    private static final System.Logger LOG = System.getLogger(CpuPriority.class.getName());
    /** {@code PRIO_PROCESS}: with a thread id, Linux sets that thread's niceness. */
    private static final int PRIO_PROCESS = 0;
    private static final MethodHandle SET_PRIORITY;
    private static final MethodHandle GET_TID;

    static {
        MethodHandle set = null, tid = null;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                var setAddress = libc.find("setpriority");
                var tidAddress = libc.find("gettid");
                if (setAddress.isPresent() && tidAddress.isPresent()) {
                    set = linker.downcallHandle(setAddress.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                    tid = linker.downcallHandle(tidAddress.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
                }
            } catch (RuntimeException | LinkageError e) { // no native access, or no such functions
                LOG.log(System.Logger.Level.DEBUG, "cannot lower thread priorities: background threads keep"
                        + " the normal priority", e);
                set = null;
                tid = null;
            }
        }
        SET_PRIORITY = set;
        GET_TID = tid;
    }

    private CpuPriority() {}

    /**
     * Sets the calling thread's niceness to {@code nice} (0 normal, 19 lowest; raising it needs no
     * privilege). Returns whether it was set.
     */
    public static boolean lowerCurrentThread(int nice) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("niceness must be in 0..19, got " + nice);
        }
        if (SET_PRIORITY == null) {
            return false;
        }
        try {
            int id = (int) GET_TID.invokeExact();
            return (int) SET_PRIORITY.invokeExact(PRIO_PROCESS, id, nice) == 0;
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.DEBUG, "setpriority failed", e);
            return false;
        }
    }

    /** The calling thread's niceness, or {@code -1} where it cannot be read (not Linux). */
    public static int currentNiceness() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            // proc(5): the fields after the command name (which may hold spaces) start with field 3;
            // field 19 is the niceness
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[19 - 3]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Platform threads named {@code name}, daemon, that lower their priority to {@code nice} first. */
    public static ThreadFactory threads(String name, int nice) {
        ThreadFactory base = Thread.ofPlatform().daemon().name(name).factory();
        return r -> base.newThread(() -> {
            lowerCurrentThread(nice);
            r.run();
        });
    }

    /** A pool of {@code parallelism} worker threads named {@code name-N} that lower their priority to {@code nice}. */
    public static ForkJoinPool pool(String name, int parallelism, int nice) {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        return new ForkJoinPool(parallelism, p -> new ForkJoinWorkerThread(null, p, true) {
            {
                setName(name + "-" + made.incrementAndGet());
                setDaemon(true);
            }

            @Override
            protected void onStart() {
                super.onStart();
                lowerCurrentThread(nice);
            }
        }, null, false);
    }
}
