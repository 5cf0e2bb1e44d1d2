package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.InvalidReferenceException;
import java.util.Optional;

/**
 * An image string parsed: the reference, or why it is not one.
 *
 * @param reference the reference, when it parses
 * @param problem why it does not, otherwise (empty when it parses)
 */
record ParsedImage(Optional<ImageReference> reference, String problem) {
  static ParsedImage of(String image) {
    try {
      return new ParsedImage(Optional.of(ImageReference.parse(image)), "");
    } catch (InvalidReferenceException e) {
      return new ParsedImage(Optional.empty(), e.getMessage());
    }
  }
}
