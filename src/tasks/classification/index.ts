export { classificationMetrics, type LabelOutcome } from "./classification-metrics.js";
export { type ClassificationSet, classificationSets } from "./classification-sets.js";
export {
  type ClassificationTask,
  type LoadClassificationTaskOptions,
  loadClassificationTask,
} from "./load-classification-task.js";
export { createLabelParser, type ParsedLabel, parseLabel } from "./parse-label.js";
export { type LabelledExample, readLabelledJsonl } from "./read-labelled-jsonl.js";
export { renderTemplate, templateFields } from "./render-template.js";
