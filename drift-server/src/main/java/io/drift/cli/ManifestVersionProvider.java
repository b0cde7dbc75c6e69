package io.drift.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The {@code drift --version} text: the {@code Implementation-Version} of the jar that holds the
 * command line, or {@value #UNKNOWN_VERSION} when running from classes (an IDE, a test), followed
 * by the Java runtime.
 */
public final class ManifestVersionProvider implements IVersionProvider {

    /** The version reported when no jar manifest names one. */
    public static final String UNKNOWN_VERSION = "dev";

    @Override
    public String[] getVersion() {
        return new String[] {
            "drift " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name", "unknown VM") + ")"
        };
    }

    /** The version from the jar manifest, or {@value #UNKNOWN_VERSION}. */
    public static String version() {
        String version = DriftCli.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? UNKNOWN_VERSION : version;
    }
}
