export {
  type ClassificationSet,
  type ClassificationTask,
  classificationMetrics,
  classificationSets,
  createLabelParser,
  type LabelledExample,
  type LabelOutcome,
  type LoadClassificationTaskOptions,
  loadClassificationTask,
  type ParsedLabel,
  parseLabel,
  readLabelledJsonl,
  renderTemplate,
  templateFields,
} from "./classification/index.js";
export {
  type EvaluatePromptOptions,
  type EvaluatePromptResult,
  type EvaluationProgress,
  evaluatePrompt,
} from "./evaluate-prompt.js";
