"""Records the prompts the original tau-bench renders (the port's fixture for its user simulator and ReAct agent).

Usage: /usr/bin/python3 scripts/make-tau-prompts.py --reference /path/to/tau-bench \
           --out src/tasks/tau-bench/fixtures/prompts.json

Runs the reference's own code (litellm is replaced by an empty module: nothing is called) and writes what it renders:
the LLM user's system prompt for sample instructions, the first messages of the user's conversation, the ReAct and
Act instructions, and the SHA-256 of the full ReAct system prompt of each domain (policy + tools + instruction).
"""

import argparse
import hashlib
import importlib
import json
import sys
import types

INSTRUCTIONS = [
    "Your name is Yusuf Rossi and your zip code is 19122. You want to exchange a keyboard.",
    "Line one\nline 'two' with \"quotes\" and {braces} and ünïcode.",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    sys.path.insert(0, args.reference)
    litellm = types.ModuleType("litellm")
    litellm.completion = None
    sys.modules["litellm"] = litellm
    user = importlib.import_module("tau_bench.envs.user")
    react = importlib.import_module("tau_bench.agents.chat_react_agent")
    simulated = user.LLMUserSimulationEnv.__new__(user.LLMUserSimulationEnv)
    record = {
        "userSystemPrompts": [
            {"instruction": text, "prompt": simulated.build_system_prompt(text)} for text in INSTRUCTIONS
        ],
        "userSystemPromptWithoutInstruction": simulated.build_system_prompt(None),
        "reactInstruction": react.REACT_INSTRUCTION,
        "actInstruction": react.ACT_INSTRUCTION,
        "reactSystemPrompts": {},
    }
    captured = []
    simulated.generate_next_message = lambda messages: captured.append([dict(m) for m in messages]) or "hello"
    simulated.reset(INSTRUCTIONS[0])
    record["userOpeningMessages"] = captured[0]
    for domain in ["retail", "airline"]:
        wiki = importlib.import_module(f"tau_bench.envs.{domain}.wiki").WIKI
        tools = importlib.import_module(f"tau_bench.envs.{domain}.tools").ALL_TOOLS
        agent = react.ChatReActAgent(tools_info=[t.get_info() for t in tools], wiki=wiki, model="m", provider="p")
        record["reactSystemPrompts"][domain] = {
            "sha256": hashlib.sha256(agent.prompt.encode("utf-8")).hexdigest(),
            "length": len(agent.prompt),
        }
    with open(args.out, "w") as out:
        json.dump(record, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
