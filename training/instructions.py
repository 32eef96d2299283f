"""Instruction phrasings for the classification data, composed so that the wording changes the right answer.

An instruction is up to four parts: a role line, a task sentence, an answer-word sentence, a format line.
- A task sentence and/or answer-word sentence that names the answer words → the answer is the label in those words
  (`positive`/`negative`, or `good`/`bad`, `yes`/`no`, …; "opposite" phrasings flip it).
- A task sentence alone → the label in the task's default words.
- Neither (a vague or unrelated prompt) → a random label word: such prompts carry no information, so the model
  learns to be unsure and accuracy drops. That gap is what prompt optimisation can close.
"""

ROLES = [
    "You are a helpful assistant.",
    "You are an expert sentiment analyst.",
    "You are a film critic.",
    "You are a careful annotator.",
    "You are a classification model.",
    "You are a movie review expert.",
    "You are an assistant that labels text.",
    "You are a linguist.",
    "Act as a data labeler.",
    "You are a precise and concise assistant.",
]

VAGUE = [
    "Read the text below.",
    "Respond to the user.",
    "Answer the question.",
    "Look at the input carefully.",
    "Think about the following text.",
    "Here is some text.",
    "Please help the user with their request.",
    "Give your answer.",
    "Do your best.",
    "Reply briefly.",
    "Summarize the text.",
    "Translate the text into French.",
    "Be polite and friendly.",
    "",
]

FORMATS = [
    "Answer with one word.",
    "Respond with a single word.",
    "Only output the label.",
    "Do not explain your answer.",
    "Give only the answer.",
    "Reply with the label and nothing else.",
]

SENTIMENT_TASKS = [
    "Classify the sentiment of the text.",
    "Classify the sentiment of the movie review.",
    "Decide whether the review is favorable or unfavorable.",
    "What is the sentiment of this review?",
    "Determine the sentiment expressed in the sentence.",
    "Tell me how the reviewer feels about the movie.",
    "Identify the sentiment of the following review.",
    "Is this movie review favorable?",
    "Label the sentiment of each review.",
    "Analyze the sentiment of the text.",
    "Judge the opinion expressed in the review.",
    "Detect the sentiment of the sentence.",
]

# Answer-word schemes for two-way sentiment: (sentence, negative word, positive word).
BINARY_SCHEMES = [
    ("Answer positive or negative.", "negative", "positive"),
    ("Answer with positive or negative.", "negative", "positive"),
    ("Respond with either positive or negative.", "negative", "positive"),
    ("The answer is positive or negative.", "negative", "positive"),
    ("Choose between positive and negative.", "negative", "positive"),
    ("Say positive if the review is favorable and negative otherwise.", "negative", "positive"),
    ("Use the labels negative and positive.", "negative", "positive"),
    ("Answer with exactly one word: positive or negative.", "negative", "positive"),
    ("Answer with exactly one label: negative or positive.", "negative", "positive"),
    ("Answer good or bad.", "bad", "good"),
    ("Respond with good or bad.", "bad", "good"),
    ("Answer yes if the review is positive and no if it is negative.", "no", "yes"),
    ("Answer yes or no: is the review positive?", "no", "yes"),
    ("Answer great or terrible.", "terrible", "great"),
    ("Reply with pos or neg.", "neg", "pos"),
    ("Answer 1 for positive and 0 for negative.", "0", "1"),
    ("Answer like or dislike.", "dislike", "like"),
]

# Flipped schemes: the words are swapped on purpose.
OPPOSITE_SCHEMES = [
    ("Answer with the opposite sentiment: positive or negative.", "positive", "negative"),
    ("Say negative if the review is positive and positive if it is negative.", "positive", "negative"),
    ("Answer yes if the review is negative and no if it is positive.", "yes", "no"),
]

FINE_TASKS = [
    "Rate the sentiment of the review.",
    "Classify the sentiment of the text on a five-point scale.",
    "How positive or negative is this review?",
    "Give the fine-grained sentiment of the sentence.",
    "Judge how much the reviewer liked the movie.",
]

FINE_SCHEMES = [
    (
        "Answer very negative, negative, neutral, positive or very positive.",
        ["very negative", "negative", "neutral", "positive", "very positive"],
    ),
    (
        "Use one of: very negative, negative, neutral, positive, very positive.",
        ["very negative", "negative", "neutral", "positive", "very positive"],
    ),
    (
        "Answer with exactly one label: very negative, negative, neutral, positive or very positive.",
        ["very negative", "negative", "neutral", "positive", "very positive"],
    ),
    ("Answer with a number of stars from 1 to 5.", ["1", "2", "3", "4", "5"]),
    ("Answer terrible, bad, okay, good or great.", ["terrible", "bad", "okay", "good", "great"]),
]
FINE_LABELS = ["very negative", "negative", "neutral", "positive", "very positive"]

PARAPHRASE_TASKS = [
    "Decide whether the two sentences are paraphrases.",
    "Decide whether the two sentences mean the same thing.",
    "Do the two sentences mean the same thing?",
    "Determine whether sentence 2 restates sentence 1.",
    "Check if both sentences express the same meaning.",
    "Are these two sentences equivalent in meaning?",
]

PARAPHRASE_SCHEMES = [
    ("Answer equivalent or not equivalent.", "not equivalent", "equivalent"),
    ("Respond with equivalent or not equivalent.", "not equivalent", "equivalent"),
    ("Answer with exactly one label: equivalent or not_equivalent.", "not_equivalent", "equivalent"),
    ("Answer yes or no.", "no", "yes"),
    ("Answer same or different.", "different", "same"),
]
PARAPHRASE_LABELS = ["not_equivalent", "equivalent"]
