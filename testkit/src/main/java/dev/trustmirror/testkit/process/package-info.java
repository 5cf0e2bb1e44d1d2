/**
 * Real local servers for integration tests, started as child processes on 127.0.0.1 and a free
 * port: nginx (static files or a reverse-proxy "bastion"), {@code git daemon}, and a writer of git
 * repositories through the git CLI.
 */
package dev.trustmirror.testkit.process;
