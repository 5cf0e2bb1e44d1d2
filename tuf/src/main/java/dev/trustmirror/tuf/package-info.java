/** TUF client that verifies a repository from a pinned root and keeps the exact bytes. */
package dev.trustmirror.tuf;
