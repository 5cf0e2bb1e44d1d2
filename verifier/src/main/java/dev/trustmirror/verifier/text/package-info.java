/** Safe rendering of untrusted text in messages, shared by the verifier's packages. */
package dev.trustmirror.verifier.text;
