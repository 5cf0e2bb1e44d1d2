package dev.trustmirror.sync.publish;

import java.nio.file.Path;

/**
 * What a publish did.
 *
 * @param published true when a new generation became current; false when the current generation
 *     already held the same files
 * @param generation the generation that is current now
 */
public record PublishResult(boolean published, Path generation) {}
