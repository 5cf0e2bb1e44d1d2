package dev.trustmirror.verifier.admission;

import java.util.Optional;

/** The operation of an admission request ({@code request.operation}). */
public enum Operation {
  /** A new object: its images are checked. */
  CREATE,
  /** A changed object: the images that changed are checked. */
  UPDATE,
  /** A deletion: admitted without checks (nothing new runs). */
  DELETE,
  /** A connect (exec, attach, port-forward): admitted without checks. */
  CONNECT;

  static Optional<Operation> fromSpec(String value) {
    for (Operation operation : values()) {
      if (operation.name().equals(value)) {
        return Optional.of(operation);
      }
    }
    return Optional.empty();
  }
}
