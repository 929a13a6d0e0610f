package dev.clinicsync.examples.cli;

import dev.clinicsync.core.ValidationException;

/** A command line the CLI cannot act on: names the option and what it expects. Exit code 2. */
final class UsageException extends ValidationException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
