// Every CLI command with its usage, what it does and the program instruction it sends: one table
// for `ballast --help`, `ballast <command> --help`, and the test that every governance instruction
// of the program has a command.
import { PARAM_FLAGS } from "./commands.ts";

/** `group: "program"`: acts on the program itself through the upgradeable loader, not on a vault. */
export type CommandHelp = {
  name: string;
  usage: string;
  about: string;
  instruction?: string;
  group?: "program";
};

export const COMMANDS: CommandHelp[] = [
  {
    name: "show",
    usage: "show",
    about: "print a vault: authority, guardian, breaker, parameters, assets, pending change",
  },
  {
    name: "create-vault",
    usage:
      "create-vault (--config FILE [--yes] | --id N --name S --symbol S [--uri U] [--guardian A] [--fee-recipient A] [param flags])",
    about:
      "create a vault (the keypair pays and is its creator); --config: the whole vault from a reviewed TOML file (assets, feeds, weights, parameters, pinned pools; see app/cli/vault.example.toml), checked, printed step by step, and sent only with --yes",
    instruction: "initialize_vault",
  },
  {
    name: "add-asset",
    usage:
      "add-asset --mint A --feed-id HEX [--min-weight BPS] [--max-weight BPS] [--allow-freeze-authority] [--token-2022]",
    about:
      "add an asset priced by a Pyth feed (the first at 100%, later ones at 0%; timelocked once the vault has holders)",
    instruction: "add_asset",
  },
  {
    name: "remove-asset",
    usage: "remove-asset --mint A [--dust-to A --price A]",
    about:
      "remove an asset at weight 0; a leftover worth at most max_dust_value goes to the fee recipient's account of the mint (--dust-to), valued by its Pyth price account (--price)",
    instruction: "remove_asset",
  },
  {
    name: "set-weights",
    usage: "set-weights W1,W2,...",
    about: "target weights in bps, slot order, summing to 10000",
    instruction: "set_target_weights",
  },
  {
    name: "set-params",
    usage: "set-params [param flags]",
    about: "change parameters: tightening applies at once, loosening is queued",
    instruction: "set_params",
  },
  {
    name: "add-amm",
    usage:
      "add-amm --program A --mint-a M --mint-b M (--pool P [--adapter raydium-cpmm|orca-whirlpool] | --adapter route --max-slippage-bps N)",
    about:
      "allow one pool of an AMM program for a pair (or a route, with a slippage bound below the vault's), and say how rebalance calls it",
    instruction: "add_amm",
  },
  {
    name: "remove-amm",
    usage: "remove-amm --program A [--pool P]",
    about: "remove a pool (or, without --pool, a route) from the allow-list (at once)",
    instruction: "remove_amm",
  },
  {
    name: "reset-breaker",
    usage: "reset-breaker",
    about:
      "clear a tripped price-move breaker now rather than after the warm-up readings (authority)",
    instruction: "reset_breaker",
  },
  {
    name: "roll-insurance",
    usage: "roll-insurance --prices A1,A2,...",
    about:
      "strike an option-based insurance period at fresh prices (the floor and expiry set with set-params --insurance-floor-share-price and --insurance-expires-at; one Pyth price account per asset, slot order); refused while a period with the same terms is live (authority)",
    instruction: "roll_insurance",
  },
  {
    name: "execute",
    usage: "execute",
    about: "execute the queued change once its timelock has elapsed (anyone)",
    instruction: "execute_change",
  },
  {
    name: "cancel",
    usage: "cancel",
    about: "cancel the queued change",
    instruction: "cancel_change",
  },
  {
    name: "pause",
    usage: "pause [--deposits] [--rebalance]",
    about: "pause deposits and/or rebalancing (guardian or authority)",
    instruction: "set_pause",
  },
  {
    name: "unpause",
    usage: "unpause",
    about: "clear both pauses (guardian or authority)",
    instruction: "set_pause",
  },
  {
    name: "propose-authority",
    usage: "propose-authority --new-authority A",
    about: "propose a new authority (it takes over when it accepts)",
    instruction: "propose_authority",
  },
  {
    name: "accept-authority",
    usage: "accept-authority",
    about: "accept the authority (signed by the proposed authority)",
    instruction: "accept_authority",
  },
  {
    name: "set-share-metadata",
    usage: "set-share-metadata --name S --symbol S [--uri U]",
    about:
      "rename the share token wallets show (name 1-32 bytes, symbol 1-10, URI at most 200; none when --uri is left out); no timelock, the authority pays the rent of longer fields",
    instruction: "set_share_metadata",
  },
  {
    name: "set-guardian",
    usage: "set-guardian --guardian A",
    about: "set the guardian, who may pause",
    instruction: "set_guardian",
  },
  {
    name: "deploy",
    usage:
      "deploy [--so PATH] [--program-keypair PATH | --program A] [--max-len N] [--concurrency N] [--print-tx --authority A]",
    about:
      "deploy (a new program id: --program-keypair) or upgrade (the keypair holds the upgrade authority) a .so, default target/deploy/ballast.so at Ballast's id, through the upgradeable loader; then compare the program data's sha256 with the file. --print-tx --authority A: the upgrade authority is a multisig; write the buffer, hand it to A, print the unsigned Upgrade for A to propose",
    group: "program",
  },
  {
    name: "verify-program",
    usage: "verify-program [--program A] [--so PATH]",
    about: "compare a deployed program's sha256 with a local .so (exit 1 when they differ)",
    group: "program",
  },
  {
    name: "set-upgrade-authority",
    usage: "set-upgrade-authority --new-authority A [--program A] [--yes]",
    about:
      "hand the program's upgrade authority to another key or a multisig (a Squads vault); a dry run unless --yes; --print-tx --authority A prints it for a current authority that is itself a multisig",
    group: "program",
  },
];

const PARAMS = `param flags (bounds enforced on-chain, checked here first)
${PARAM_FLAGS.map(({ flag, bound }) => `  --${flag.padEnd(24)} ${bound.unit}, ${bound.min}..${bound.max}`).join("\n")}`;

const COMMON = `common flags
  --cluster C        localnet, devnet, mainnet-beta or an RPC URL: the default RPC, and the program
                     add-amm's native adapters must call there (then --program may be left out)
  --rpc URL          RPC endpoint (env BALLAST_RPC, default: the cluster's, else http://127.0.0.1:8899)
  --ws URL           WebSocket endpoint (env BALLAST_WS, default: the RPC URL on port + 1)
  --keypair PATH     JSON keypair that signs and pays (env BALLAST_KEYPAIR)
  --vault A          the vault (every command but create-vault)
  --print-tx         print the unsigned transaction (base64) instead of sending; with
  --authority A      the authority that will sign it (e.g. a Squads vault) and
  --fee-payer A      the fee payer (defaults to the authority)
  --help             this text; \`ballast <command> --help\` for one command`;

/** `ballast --help`, or one command's help; undefined for an unknown command. */
export function helpText(command?: string): string | undefined {
  if (command === undefined) {
    const lines = COMMANDS.map((c) => `  ${c.usage}\n      ${c.about}`);
    return `ballast — Ballast vault governance\n\nusage: ballast <command> [flags]\n\ncommands\n${lines.join("\n")}\n\n${PARAMS}\n\n${COMMON}`;
  }
  const found = COMMANDS.find((c) => c.name === command);
  if (!found) return undefined;
  const sends = found.instruction
    ? `\nsends the program's \`${found.instruction}\` instruction`
    : found.group === "program"
      ? "\nsends the upgradeable loader's instructions"
      : "";
  return `usage: ballast ${found.usage} [common flags]\n\n${found.about}${sends}\n\n${found.usage.includes("param flags") ? `${PARAMS}\n\n` : ""}${COMMON}`;
}
