"""Peer for the local augmentation throughput: the four EDA operations as the EDA authors'
reference code (eda_nlp, eda.py) structures them - clean the sentence to lower-case letters,
split on spaces, then synonym replacement, random insertion, random swap and random deletion with
strength alpha - using this project's Indonesian lexicon in place of WordNet. Pure Python, no
checks on placeholders, emoji or word limits.

usage: python eda_peer.py EXEMPLARS.jsonl LEXICON.txt ROUNDS
prints: one line per round, "variants seconds"
"""
import json
import random
import re
import sys
import time


def load_lexicon(path):
    lexicon = {}
    with open(path, encoding="utf-8") as file:
        for line in file:
            line = line.strip()
            if not line or line.startswith("#") or ":" not in line:
                continue
            word, synonyms = line.split(":", 1)
            lexicon[word.strip().lower()] = [s.strip() for s in synonyms.split(",") if s.strip()]
    return lexicon


def clean(sentence):
    sentence = re.sub(r"[^a-z ]+", " ", sentence.lower().replace("-", " "))
    return [word for word in sentence.split(" ") if word]


def synonym_replacement(words, n, lexicon):
    new_words = words.copy()
    candidates = list(set(word for word in words if word in lexicon))
    random.shuffle(candidates)
    replaced = 0
    for word in candidates:
        synonym = random.choice(lexicon[word])
        new_words = [synonym if w == word else w for w in new_words]
        replaced += 1
        if replaced >= n:
            break
    return " ".join(new_words).split(" ")


def random_insertion(words, n, lexicon):
    new_words = words.copy()
    for _ in range(n):
        for _ in range(10):
            word = new_words[random.randint(0, len(new_words) - 1)]
            if word in lexicon:
                new_words.insert(random.randint(0, len(new_words) - 1), random.choice(lexicon[word]))
                break
    return new_words


def random_swap(words, n):
    new_words = words.copy()
    for _ in range(n):
        first = random.randint(0, len(new_words) - 1)
        second = first
        for _ in range(3):
            second = random.randint(0, len(new_words) - 1)
            if second != first:
                break
        new_words[first], new_words[second] = new_words[second], new_words[first]
    return new_words


def random_deletion(words, p):
    if len(words) == 1:
        return words
    kept = [word for word in words if random.uniform(0, 1) > p]
    return kept if kept else [words[random.randint(0, len(words) - 1)]]


def augment(sentence, lexicon, alpha=0.1, per_operation=2):
    words = clean(sentence)
    n = max(1, int(alpha * len(words)))
    variants = []
    for _ in range(per_operation):
        variants.append(" ".join(synonym_replacement(words, n, lexicon)))
        variants.append(" ".join(random_insertion(words, n, lexicon)))
        variants.append(" ".join(random_swap(words, n)))
        variants.append(" ".join(random_deletion(words, alpha)))
    return variants


def main(corpus_path, lexicon_path, rounds):
    lexicon = load_lexicon(lexicon_path)
    with open(corpus_path, encoding="utf-8") as file:
        texts = [json.loads(line)["text"] for line in file if line.strip()]
    random.seed(42)
    for _ in range(int(rounds)):
        start = time.perf_counter()
        produced = sum(len(augment(text, lexicon)) for text in texts)
        print(produced, time.perf_counter() - start)


if __name__ == "__main__":
    main(*sys.argv[1:4])
