/// The classic and ARM domain model (placeholder until the model lands).
public enum EstateModelVersion {
  public static let current = 1
}
