package io.microseg.controller.cli;

/** One CLI command: its options, its help, and what it does; answers the exit code. */
sealed interface Command permits ApplyCommand, GetCommand, DeleteCommand, ExplainCommand, StatusCommand,
        ConfirmCommand {

    String name();

    /** The command's own options; the global ones ({@code --server}, {@code --token}, ...) are added. */
    CommandLine.Spec options();

    /** The text of {@code ./microseg NAME --help}: usage, options and examples. */
    String help();

    /**
     * Runs the command.
     *
     * @throws UsageException if the arguments do not make sense (exit code 2)
     * @throws CliFailure if the server refused or could not be reached (exit code 1)
     */
    int run(CommandLine line, Session session);
}
