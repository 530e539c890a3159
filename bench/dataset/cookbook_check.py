"""Peer for the validate/stats benchmark: the format checks and statistics of OpenAI's cookbook
notebook "Data preparation and analysis for chat model fine-tuning", written out as a script.
Like the notebook it loads the whole file, checks every example, counts cl100k_base tokens with
tiktoken (3 per message, 1 per name, 3 priming the reply) and summarises with numpy.

usage: python cookbook_check.py FILE
"""
import json
import sys
from collections import defaultdict

import numpy as np
import tiktoken

encoding = tiktoken.get_encoding("cl100k_base")


def tokens_of(messages):
    total = 0
    for message in messages:
        total += 3
        for key, value in message.items():
            total += len(encoding.encode(value)) if isinstance(value, str) else 0
            if key == "name":
                total += 1
    return total + 3


def assistant_tokens_of(messages):
    return sum(len(encoding.encode(m["content"])) for m in messages if m.get("role") == "assistant")


def summary(values):
    return (min(values), max(values), float(np.mean(values)), float(np.median(values)),
            float(np.quantile(values, 0.05)), float(np.quantile(values, 0.95)))


def main(path):
    with open(path, encoding="utf-8") as file:
        dataset = [json.loads(line) for line in file]
    errors = defaultdict(int)
    for example in dataset:
        if not isinstance(example, dict):
            errors["data_type"] += 1
            continue
        messages = example.get("messages", None)
        if not messages:
            errors["missing_messages_list"] += 1
            continue
        for message in messages:
            if "role" not in message or "content" not in message:
                errors["message_missing_key"] += 1
            if any(key not in ("role", "content", "name", "function_call", "weight") for key in message):
                errors["message_unrecognized_key"] += 1
            if message.get("role", None) not in ("system", "user", "assistant", "function"):
                errors["unrecognized_role"] += 1
            content = message.get("content", None)
            if (not content and not message.get("function_call", None)) or not isinstance(content, str):
                errors["missing_content"] += 1
        if not any(message.get("role", None) == "assistant" for message in messages):
            errors["example_missing_assistant_message"] += 1

    lengths = [tokens_of(example["messages"]) for example in dataset]
    assistant = [assistant_tokens_of(example["messages"]) for example in dataset]
    counts = [len(example["messages"]) for example in dataset]
    limit = 16385
    epochs = 3
    if len(dataset) * epochs < 100:
        epochs = min(25, 100 // len(dataset))
    elif len(dataset) * epochs > 25000:
        epochs = max(1, 25000 // len(dataset))
    billed = sum(min(limit, length) for length in lengths)
    print(json.dumps({
        "examples": len(dataset), "errors": dict(errors), "messages": summary(counts),
        "tokens": summary(lengths), "assistant_tokens": summary(assistant),
        "total_tokens_with_priming": sum(lengths), "over_limit": sum(1 for n in lengths if n > limit),
        "epochs": epochs, "billed_tokens_per_epoch": billed}))


if __name__ == "__main__":
    main(sys.argv[1])
