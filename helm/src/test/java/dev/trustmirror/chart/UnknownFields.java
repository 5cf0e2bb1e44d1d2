package dev.trustmirror.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields fabric8's typed model did not know in a parsed object: the model keeps them in
 * {@code additionalProperties} instead of failing, so a misspelt {@code readinesProbe} or a field
 * at the wrong level would otherwise parse without a word. Walks the public getters of the model's
 * classes ({@code io.fabric8.kubernetes.api.model}), lists and maps.
 */
final class UnknownFields {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private UnknownFields() {}

  /**
   * The paths of every unknown field, e.g. {@code spec.template.spec.containers[0].readinesProbe}.
   */
  static List<String> in(Object object) {
    List<String> found = new ArrayList<>();
    walk(object, "", found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value == null || value instanceof GenericKubernetesResource) {
      return; // a generic resource is all "unknown" fields by design
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", found);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", found));
      return;
    }
    if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (!isGetter(getter)) {
        continue;
      }
      Object child = invoke(getter, value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra) {
          extra.keySet().forEach(k -> found.add(join(path, String.valueOf(k))));
        }
      } else {
        walk(child, join(path, property(getter)), found);
      }
    }
  }

  private static boolean isGetter(Method m) {
    return m.getParameterCount() == 0
        && !Modifier.isStatic(m.getModifiers())
        && m.getName().startsWith("get")
        && !m.getName().equals("getClass")
        && m.getDeclaringClass().getName().startsWith(MODEL_PACKAGE);
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Tried to call " + getter + " but failed because " + e, e);
    }
  }

  private static String property(Method getter) {
    String name = getter.getName().substring(3);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
