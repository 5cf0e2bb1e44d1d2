package dev.trustmirror.testkit.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A target's content and its optional {@code custom} metadata. */
record TargetFile(byte[] content, Optional<JsonNode> custom) {

  TargetFile {
    content = content.clone();
    custom = custom.map(JsonNode::deepCopy);
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public Optional<JsonNode> custom() {
    return custom.map(JsonNode::deepCopy);
  }

  /** The contents of {@code files}, copied, in name order. */
  static Map<String, byte[]> contents(Map<String, TargetFile> files) {
    Map<String, byte[]> copy = new TreeMap<>();
    files.forEach((name, file) -> copy.put(name, file.content()));
    return copy;
  }
}
