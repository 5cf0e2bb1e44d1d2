package dev.trustmirror.tuf;

import java.nio.file.Path;

/**
 * The current generation of a published directory, read back and verified again.
 *
 * @param generation the generation directory {@code current} points to
 * @param repository the result of verifying it from the pinned root
 */
public record PublishedRepository(Path generation, VerifiedRepository repository) {}
