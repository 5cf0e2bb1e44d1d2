package dev.trustmirror.tuf;

import java.time.Instant;

/**
 * One verified role of a repository: its name ({@code root}, {@code timestamp}, {@code snapshot},
 * {@code targets} or a delegated role), version and expiry.
 */
public record RoleInfo(String role, int version, Instant expires) {}
