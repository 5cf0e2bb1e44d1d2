package dev.trustmirror.tuf;

/**
 * A target name that could escape the repository: absolute, {@code ..}, NUL, backslash, empty
 * segment.
 */
public final class InvalidTargetPathException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  private final String targetPath;

  public InvalidTargetPathException(String targetPath, String problem) {
    super(
        targetPath, "Refused target path \"" + targetPath.replace("\0", "\\0") + "\": " + problem);
    this.targetPath = targetPath;
  }

  public String targetPath() {
    return targetPath;
  }

  @Override
  public String reason() {
    return "InvalidTargetPath";
  }
}
