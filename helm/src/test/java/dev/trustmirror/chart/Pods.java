package dev.trustmirror.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The pod template of a rendered Deployment, read the way the kubelet would. */
final class Pods {
  private Pods() {}

  static PodSpec spec(Deployment d) {
    return d.getSpec().getTemplate().getSpec();
  }

  /** Init containers, then containers. */
  static List<Container> containers(Deployment d) {
    List<Container> all = new ArrayList<>(orEmpty(spec(d).getInitContainers()));
    all.addAll(orEmpty(spec(d).getContainers()));
    return all;
  }

  /** The one main container of the chart's pods. */
  static Container main(Deployment d) {
    return spec(d).getContainers().get(0);
  }

  static Optional<ContainerPort> port(Container c, String name) {
    return orEmpty(c.getPorts()).stream().filter(p -> name.equals(p.getName())).findFirst();
  }

  static Optional<String> env(Container c, String name) {
    return orEmpty(c.getEnv()).stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst();
  }

  static Optional<Volume> volume(Deployment d, String name) {
    return orEmpty(spec(d).getVolumes()).stream().filter(v -> v.getName().equals(name)).findFirst();
  }

  /** The volume mounted at {@code path} or at a parent directory of it. */
  static Optional<VolumeMount> mountHolding(Container c, String path) {
    return orEmpty(c.getVolumeMounts()).stream()
        .filter(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath() + "/"))
        .findFirst();
  }

  /** The value of {@code --name=value} among the container's arguments. */
  static Optional<String> argument(Container c, String name) {
    String prefix = name + "=";
    return orEmpty(c.getArgs()).stream()
        .filter(a -> a.startsWith(prefix))
        .map(a -> a.substring(prefix.length()))
        .findFirst();
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
