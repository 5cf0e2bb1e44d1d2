package dev.trustmirror.verifier.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme ({@code bearer}, {@code
 * basic}, lowercase) and its parameters (names lowercase). {@link #parseAll} reads every challenge
 * of a header value, quoted strings with escapes included, and refuses anything else.
 *
 * @param scheme the scheme, lowercase
 * @param params the parameters ({@code realm}, {@code service}, {@code scope}), names lowercase
 */
record AuthChallenge(String scheme, Map<String, String> params) {
  private static final String TCHARS = "!#$%&'*+-.^_`|~";

  AuthChallenge {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The parameter {@code name} (lowercase). */
  Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** Thrown by {@link #parseAll} on input that is not a list of challenges. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message);
    }
  }

  /** Parses {@code Bearer realm="...",service="..." , Basic realm="..."}. */
  static List<AuthChallenge> parseAll(String header) throws SyntaxException {
    Parser p = new Parser(header);
    List<AuthChallenge> challenges = new ArrayList<>();
    while (true) {
      p.skipSeparators();
      if (p.atEnd()) {
        return challenges;
      }
      String scheme = p.token();
      if (scheme.isEmpty()) {
        throw new SyntaxException("expected an authentication scheme at position " + p.pos);
      }
      challenges.add(new AuthChallenge(scheme.toLowerCase(Locale.ROOT), p.params()));
    }
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    void skipSpaces() {
      while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    void skipSeparators() {
      while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
        pos++;
      }
    }

    String token() {
      int start = pos;
      while (!atEnd() && isTchar(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    /** The auth-params after a scheme, up to the next challenge or the end. */
    Map<String, String> params() throws SyntaxException {
      Map<String, String> params = new LinkedHashMap<>();
      while (true) {
        skipSeparators();
        int start = pos;
        String name = token();
        if (name.isEmpty()) {
          if (atEnd()) {
            return params;
          }
          throw new SyntaxException("unexpected character at position " + pos);
        }
        skipSpaces();
        if (atEnd() || s.charAt(pos) != '=') {
          // A token not followed by '=' starts the next challenge.
          pos = start;
          return params;
        }
        pos++;
        skipSpaces();
        String value;
        if (!atEnd() && s.charAt(pos) == '"') {
          value = quoted();
        } else {
          value = token();
          if (value.isEmpty()) {
            throw new SyntaxException("the parameter " + name + " has no value");
          }
        }
        if (params.put(name.toLowerCase(Locale.ROOT), value) != null) {
          throw new SyntaxException("the parameter " + name + " is given twice");
        }
        skipSpaces();
        if (!atEnd() && s.charAt(pos) != ',') {
          throw new SyntaxException("expected ',' after the parameter " + name);
        }
      }
    }

    String quoted() throws SyntaxException {
      StringBuilder out = new StringBuilder();
      pos++; // opening quote
      while (!atEnd()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          if (atEnd()) {
            break;
          }
          c = s.charAt(pos++);
        }
        if (c < 0x20 && c != '\t' || c == 0x7f) {
          throw new SyntaxException("a control character in a quoted value");
        }
        out.append(c);
      }
      throw new SyntaxException("an unterminated quoted value");
    }

    private static boolean isTchar(char c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || TCHARS.indexOf(c) >= 0;
    }
  }
}
