package io.drift.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code drift segment}: tools for {@code .drift} segment files. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Inspect and verify .drift segment files.",
        subcommands = SegmentInspectCommand.class)
public final class SegmentCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
