/**
 * Real Sigstore root-signing TUF data shared by the project's tests: where it is, what each history
 * point contains, and the renaming between the published and the git layouts.
 */
package dev.trustmirror.testkit.data;
