package io.microseg.controller.cli;

/** The command line cannot be run as given (exit code 2): an unknown option, a missing argument, a bad manifest. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
