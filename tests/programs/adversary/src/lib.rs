//! ADVERSARY — a hand-written AMM for security tests only, never a stand-in for a real AMM.
//!
//! It answers Raydium CPMM's `swap_base_input` (same discriminator, same 13 account positions), so
//! Ballast's CPMM adapter calls it exactly as it calls the real program once governance has
//! allow-listed it. Its `mode` account (the position of CPMM's `amm_config`) says how to cheat.
//! Ballast signs the swap with its swap authority (a delegate of the sold account for `amount_in`),
//! and that signature reaches every CPI this program makes: each mode abuses it differently, and
//! each must be refused — by the token program, since the signature controls nothing else, or by
//! Ballast's post-trade checks.
use anchor_lang::prelude::*;
use anchor_spl::token::{self, Approve, Burn, CloseAccount, FreezeAccount, SetAuthority, Transfer};
use anchor_spl::token_interface::{self, TokenAccount, TokenInterface};

#[cfg(target_os = "solana")]
use solana_compiler_builtins as _;

declare_id!("Adv1111111111111111111111111111111111111111");

/// How the adversary behaves (first byte of the mode account's data).
pub mod mode {
    /// Takes `amount_in`, pays `min_out` from its reserve: a fair swap (checks the harness itself).
    pub const HONEST: u8 = 0;
    /// Takes `amount_in`, pays nothing.
    pub const KEEP_INPUT: u8 = 1;
    /// Pays one unit less than `min_out`.
    pub const UNDER_DELIVER: u8 = 2;
    /// Pays `min_out` into the account in the observation slot instead of the vault.
    pub const PAY_FOREIGN: u8 = 3;
    /// Makes itself owner of the vault's input token account.
    pub const STEAL_OWNER: u8 = 4;
    /// Approves itself as delegate of the vault's input token account.
    pub const SET_DELEGATE: u8 = 5;
    /// Pays fairly, and also moves one unit out of the vault token account in the observation slot
    /// (into the account in the pool-state slot).
    pub const DRAIN_OTHER: u8 = 6;
    /// Takes one unit more than `amount_in`.
    pub const OVERSPEND: u8 = 7;
    /// Calls back into Ballast in the middle of the swap.
    pub const REENTER: u8 = 8;
    /// Pays fairly, and also mints shares of the mint in the input-mint slot (the vault's share
    /// mint) into the account in the observation slot.
    pub const MINT_SHARES: u8 = 9;
    /// Pays fairly, and makes itself mint authority of the mint in the input-mint slot (the share
    /// mint): the review's attack, which let a crank mint shares later and withdraw the vault.
    pub const TAKE_MINT_AUTHORITY: u8 = 10;
    /// Closes the (empty) vault account in the observation slot, so later deposits of that asset
    /// would fail.
    pub const CLOSE_VAULT_ACCOUNT: u8 = 11;
    /// Freezes the vault's input account (which would block every withdrawal of that asset).
    pub const FREEZE: u8 = 12;
    /// Burns `amount_in` from the vault's input account instead of swapping it.
    pub const BURN: u8 = 13;
    /// Reallocates the vault's (Token-2022) input account to add the required-memo extension, so
    /// that every later transfer into it would need a memo (deposits of that asset would fail), its
    /// own PDA (passed writable, funded) paying the rent. The system program sits in CPMM's
    /// output-token-program slot for the reallocation.
    pub const REALLOC_MEMO: u8 = 14;
    /// Assigns the swap authority (signer in this CPI) to itself, which would need it writable:
    /// the crank passed a second, writable copy of it in the output-mint slot. Once owned by a
    /// program, the authority could be made a multisig and every later delegate transfer would fail.
    pub const ASSIGN_AUTHORITY: u8 = 15;
}

/// Seed of the PDA that owns the adversary's reserve.
pub const RESERVE_AUTHORITY: &[u8] = b"reserve";

#[program]
pub mod adversary_amm {
    use super::*;

    /// Same name (so the same discriminator) and argument order as CPMM's instruction.
    pub fn swap_base_input<'info>(ctx: Context<'info, Swap<'info>>, amount_in: u64, min_out: u64) -> Result<()> {
        let a = &ctx.accounts;
        let bump = ctx.bumps.authority;
        let take = |amount: u64| take(a, amount);
        let pay = |to: AccountInfo<'info>, amount: u64| pay(a, to, amount, bump);
        match a.mode.try_borrow_data()?.first().copied().unwrap_or(mode::HONEST) {
            mode::HONEST => {
                take(amount_in)?;
                pay(a.output_token_account.to_account_info(), min_out)
            }
            mode::KEEP_INPUT => take(amount_in),
            mode::UNDER_DELIVER => {
                take(amount_in)?;
                pay(a.output_token_account.to_account_info(), min_out.saturating_sub(1))
            }
            mode::PAY_FOREIGN => {
                take(amount_in)?;
                pay(a.observation.to_account_info(), min_out)
            }
            mode::STEAL_OWNER => token::set_authority(
                CpiContext::new(
                    a.token_program.key(),
                    SetAuthority {
                        current_authority: a.payer.to_account_info(),
                        account_or_mint: a.input_token_account.to_account_info(),
                    },
                ),
                anchor_spl::token::spl_token::instruction::AuthorityType::AccountOwner,
                Some(a.authority.key()),
            ),
            mode::SET_DELEGATE => token::approve(
                CpiContext::new(
                    a.token_program.key(),
                    Approve {
                        to: a.input_token_account.to_account_info(),
                        delegate: a.authority.to_account_info(),
                        authority: a.payer.to_account_info(),
                    },
                ),
                u64::MAX,
            ),
            mode::DRAIN_OTHER => {
                take(amount_in)?;
                pay(a.output_token_account.to_account_info(), min_out)?;
                let other = Transfer {
                    from: a.observation.to_account_info(),
                    to: a.pool_state.to_account_info(),
                    authority: a.payer.to_account_info(),
                };
                token::transfer(CpiContext::new(a.token_program.key(), other), 1)
            }
            mode::OVERSPEND => {
                take(amount_in.saturating_add(1))?;
                pay(a.output_token_account.to_account_info(), min_out)
            }
            mode::MINT_SHARES => {
                take(amount_in)?;
                pay(a.output_token_account.to_account_info(), min_out)?;
                let mint = token_interface::MintTo {
                    mint: a.input_token_mint.to_account_info(),
                    to: a.observation.to_account_info(),
                    authority: a.payer.to_account_info(),
                };
                // Through the share mint's own program (Token-2022), as a real attacker would.
                token_interface::mint_to(CpiContext::new(*a.input_token_mint.owner, mint), 1_000_000_000_000)
            }
            mode::TAKE_MINT_AUTHORITY => {
                take(amount_in)?;
                pay(a.output_token_account.to_account_info(), min_out)?;
                let accounts = token_interface::SetAuthority {
                    current_authority: a.payer.to_account_info(),
                    account_or_mint: a.input_token_mint.to_account_info(),
                };
                token_interface::set_authority(
                    CpiContext::new(*a.input_token_mint.owner, accounts),
                    anchor_spl::token_interface::spl_token_2022::instruction::AuthorityType::MintTokens,
                    Some(a.authority.key()),
                )
            }
            mode::CLOSE_VAULT_ACCOUNT => {
                let accounts = CloseAccount {
                    account: a.observation.to_account_info(),
                    destination: a.pool_state.to_account_info(),
                    authority: a.payer.to_account_info(),
                };
                token::close_account(CpiContext::new(a.token_program.key(), accounts))
            }
            mode::FREEZE => {
                let accounts = FreezeAccount {
                    account: a.input_token_account.to_account_info(),
                    mint: a.input_token_mint.to_account_info(),
                    authority: a.payer.to_account_info(),
                };
                token::freeze_account(CpiContext::new(a.token_program.key(), accounts))
            }
            mode::BURN => {
                let accounts = Burn {
                    mint: a.input_token_mint.to_account_info(),
                    from: a.input_token_account.to_account_info(),
                    authority: a.payer.to_account_info(),
                };
                token::burn(CpiContext::new(a.token_program.key(), accounts), amount_in)
            }
            mode::REALLOC_MEMO => {
                use anchor_spl::token_2022::spl_token_2022::{self, extension::ExtensionType};
                // The swap authority's signature as the account's "owner"; the adversary's own funded
                // PDA pays the rent (the swap authority is passed read-only, so it cannot pay).
                let (account, owner, rent_payer) =
                    (a.input_token_account.to_account_info(), a.payer.to_account_info(), a.authority.to_account_info());
                let ix = spl_token_2022::instruction::reallocate(
                    &spl_token_2022::ID,
                    account.key,
                    rent_payer.key,
                    owner.key,
                    &[],
                    &[ExtensionType::MemoTransfer],
                )?;
                let bump = [bump];
                let seeds: [&[u8]; 2] = [RESERVE_AUTHORITY, &bump];
                anchor_lang::solana_program::program::invoke_signed(
                    &ix,
                    &[account, rent_payer, a.output_token_program.to_account_info(), owner],
                    &[&seeds],
                )?;
                Ok(())
            }
            mode::ASSIGN_AUTHORITY => {
                let ix = anchor_lang::solana_program::system_instruction::assign(a.payer.key, &crate::ID);
                anchor_lang::solana_program::program::invoke(
                    &ix,
                    &[a.payer.to_account_info(), a.output_token_program.to_account_info()],
                )?;
                Ok(())
            }
            mode::REENTER => {
                // Any Ballast instruction will do: the runtime must refuse the re-entry itself.
                let ix = anchor_lang::solana_program::instruction::Instruction {
                    program_id: a.output_token_mint.key(),
                    accounts: vec![],
                    data: vec![],
                };
                anchor_lang::solana_program::program::invoke(&ix, &[])?;
                Ok(())
            }
            _ => err!(AdversaryError::UnknownMode),
        }
    }
}

/// Moves `amount` of the vault's input into the adversary, on the vault's forwarded signature.
fn take(a: &Swap<'_>, amount: u64) -> Result<()> {
    let accounts = Transfer {
        from: a.input_token_account.to_account_info(),
        to: a.input_vault.to_account_info(),
        authority: a.payer.to_account_info(),
    };
    token::transfer(CpiContext::new(a.token_program.key(), accounts), amount)
}

/// Pays `amount` from the adversary's reserve to `to`.
fn pay<'info>(a: &Swap<'info>, to: AccountInfo<'info>, amount: u64, bump: u8) -> Result<()> {
    let bump = [bump];
    let seeds: [&[u8]; 2] = [RESERVE_AUTHORITY, &bump];
    let accounts = Transfer { from: a.output_vault.to_account_info(), to, authority: a.authority.to_account_info() };
    token::transfer(CpiContext::new_with_signer(a.token_program.key(), accounts, &[&seeds]), amount)
}

#[error_code]
pub enum AdversaryError {
    #[msg("unknown adversary mode")]
    UnknownMode,
}

/// CPMM's `swap_base_input` positions; what each slot holds for the adversary is noted.
#[derive(Accounts)]
pub struct Swap<'info> {
    /// The vault PDA, signing through Ballast's CPI.
    pub payer: Signer<'info>,
    /// CHECK: the adversary's PDA that owns its reserve.
    #[account(seeds = [RESERVE_AUTHORITY], bump)]
    pub authority: UncheckedAccount<'info>,
    /// CHECK: first byte = the mode (CPMM's `amm_config` slot).
    pub mode: UncheckedAccount<'info>,
    /// CHECK: in DRAIN_OTHER mode, where the drained unit goes (CPMM's pool state slot).
    #[account(mut)]
    pub pool_state: UncheckedAccount<'info>,
    #[account(mut)]
    pub input_token_account: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut)]
    pub output_token_account: Box<InterfaceAccount<'info, TokenAccount>>,
    /// Where taken input goes.
    #[account(mut)]
    pub input_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The reserve it pays from (owned by `authority`).
    #[account(mut)]
    pub output_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The input's token program (SPL Token or Token-2022).
    pub token_program: Interface<'info, TokenInterface>,
    /// CHECK: CPMM's output token program slot: the system program in REALLOC_MEMO mode, else unused.
    pub output_token_program: UncheckedAccount<'info>,
    /// CHECK: the input mint (BURN, FREEZE) or, in MINT_SHARES and TAKE_MINT_AUTHORITY modes, the
    /// share mint (CPMM's input mint slot, then passed writable).
    pub input_token_mint: UncheckedAccount<'info>,
    /// CHECK: in REENTER mode, the program to call back (Ballast); otherwise unused.
    pub output_token_mint: UncheckedAccount<'info>,
    /// CHECK: a foreign destination (PAY_FOREIGN) or another vault account (DRAIN_OTHER,
    /// CLOSE_VAULT_ACCOUNT).
    #[account(mut)]
    pub observation: UncheckedAccount<'info>,
}
