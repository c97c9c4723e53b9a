/**
 * Hand-written head of the simulated market, in CoinGecko market-cap order (rank = line order).
 * Columns: coingeckoId | symbol (lowercase, as CoinGecko prints it) | name | USD price of ONE coin | bybit baseCoin | multiplier
 * bybit baseCoin "-" means Bybit has no USDT perpetual for it (stablecoin, wrapped/staked, exchange token,
 * or a lower-ranked coin that merely shares a symbol). The multiplier is part of Bybit's symbol
 * (1000PEPE, SHIB1000, 10000SATS...): the perp price is the coin price times the multiplier.
 * Prices are ballpark late-2025 values; only their magnitude matters for the filters.
 */
export const COIN_TABLE = `
bitcoin|btc|Bitcoin|95000|BTC|1
ethereum|eth|Ethereum|3400|ETH|1
tether|usdt|Tether|1.0002|-|1
ripple|xrp|XRP|2.2|XRP|1
binancecoin|bnb|BNB|900|BNB|1
solana|sol|Solana|180|SOL|1
usd-coin|usdc|USDC|0.9999|-|1
staked-ether|steth|Lido Staked Ether|3399|-|1
tron|trx|TRON|0.29|TRX|1
dogecoin|doge|Dogecoin|0.18|DOGE|1
cardano|ada|Cardano|0.55|ADA|1
wrapped-steth|wsteth|Wrapped stETH|4100|-|1
wrapped-bitcoin|wbtc|Wrapped Bitcoin|94900|-|1
hyperliquid|hype|Hyperliquid|38|HYPE|1
chainlink|link|Chainlink|15|LINK|1
wrapped-eeth|weeth|Wrapped eETH|3650|-|1
ethena-usde|usde|Ethena USDe|1.0001|-|1
stellar|xlm|Stellar|0.27|XLM|1
bitcoin-cash|bch|Bitcoin Cash|520|BCH|1
leo-token|leo|LEO Token|9.1|-|1
sui|sui|Sui|2.1|SUI|1
avalanche-2|avax|Avalanche|17|AVAX|1
hedera-hashgraph|hbar|Hedera|0.15|HBAR|1
litecoin|ltc|Litecoin|95|LTC|1
weth|weth|WETH|3400|-|1
shiba-inu|shib|Shiba Inu|0.0000095|SHIB1000|1000
the-open-network|ton|Toncoin|1.9|TON|1
usds|usds|USDS|0.9998|-|1
coinbase-wrapped-btc|cbbtc|Coinbase Wrapped BTC|95010|-|1
monero|xmr|Monero|380|XMR|1
dai|dai|Dai|1|-|1
polkadot|dot|Polkadot|2.9|DOT|1
bitget-token|bgb|Bitget Token|4.2|-|1
uniswap|uni|Uniswap|7|UNI|1
mantle|mnt|Mantle|1.2|MNT|1
pepe|pepe|Pepe|0.0000055|1000PEPE|1000
aave|aave|Aave|190|AAVE|1
okb|okb|OKB|110|-|1
bittensor|tao|Bittensor|300|TAO|1
near|near|NEAR Protocol|2.3|NEAR|1
ethereum-classic|etc|Ethereum Classic|14|ETC|1
aptos|apt|Aptos|3.1|APT|1
ondo-finance|ondo|Ondo|0.62|ONDO|1
internet-computer|icp|Internet Computer|4.5|ICP|1
first-digital-usd|fdusd|First Digital USD|0.9997|-|1
paypal-usd|pyusd|PayPal USD|1|-|1
polygon-ecosystem-token|pol|POL (ex-MATIC)|0.19|POL|1
kaspa|kas|Kaspa|0.055|KAS|1
arbitrum|arb|Arbitrum|0.3|ARB|1
cosmos|atom|Cosmos Hub|2.8|ATOM|1
render-token|render|Render|2.2|RENDER|1
algorand|algo|Algorand|0.15|ALGO|1
vechain|vet|VeChain|0.016|VET|1
filecoin|fil|Filecoin|1.8|FIL|1
official-trump|trump|Official Trump|6.5|TRUMP|1
sky|sky|Sky|0.06|SKY|1
worldcoin-wld|wld|Worldcoin|0.7|WLD|1
sei-network|sei|Sei|0.16|SEI|1
bonk|bonk|Bonk|0.000011|1000BONK|1000
jupiter-exchange-solana|jup|Jupiter|0.27|JUP|1
injective-protocol|inj|Injective|6.5|INJ|1
optimism|op|Optimism|0.35|OP|1
rocket-pool-eth|reth|Rocket Pool ETH|3900|-|1
stacks|stx|Stacks|0.35|STX|1
fetch-ai|fet|Artificial Superintelligence Alliance|0.28|FET|1
the-graph|grt|The Graph|0.05|GRT|1
floki|floki|FLOKI|0.00006|1000FLOKI|1000
immutable-x|imx|Immutable|0.35|IMX|1
jito-staked-sol|jitosol|Jito Staked SOL|220|-|1
theta-token|theta|Theta Network|0.4|THETA|1
lido-dao|ldo|Lido DAO|0.7|LDO|1
pudgy-penguins|pengu|Pudgy Penguins|0.012|PENGU|1
curve-dao-token|crv|Curve DAO|0.45|CRV|1
gala|gala|GALA|0.008|GALA|1
kucoin-shares|kcs|KuCoin|11|-|1
the-sandbox|sand|The Sandbox|0.17|SAND|1
ethena|ena|Ethena|0.28|ENA|1
tezos|xtz|Tezos|0.55|XTZ|1
iota|iota|IOTA|0.13|IOTA|1
flow|flow|Flow|0.25|FLOW|1
msol|msol|Marinade Staked SOL|230|-|1
decentraland|mana|Decentraland|0.2|MANA|1
pyth-network|pyth|Pyth Network|0.08|PYTH|1
neo|neo|NEO|4.5|NEO|1
true-usd|tusd|TrueUSD|0.9995|-|1
usdd|usdd|USDD|1|-|1
usd1-wlfi|usd1|USD1|1|-|1
axie-infinity|axs|Axie Infinity|1.1|AXS|1
ecash|xec|eCash|0.000012|1000XEC|1000
terra-luna|lunc|Terra Luna Classic|0.00004|1000LUNC|1000
chiliz|chz|Chiliz|0.035|CHZ|1
dydx-chain|dydx|dYdX|0.25|DYDX|1
apecoin|ape|ApeCoin|0.35|APE|1
eigenlayer|eigen|EigenLayer|0.6|EIGEN|1
pendle|pendle|Pendle|2.5|PENDLE|1
starknet|strk|Starknet|0.12|STRK|1
whitebit|wbt|WhiteBIT Coin|40|-|1
gatechain-token|gt|GateToken|15|-|1
helium|hnt|Helium|2.3|HNT|1
mina-protocol|mina|Mina Protocol|0.15|MINA|1
conflux-token|cfx|Conflux|0.08|CFX|1
raydium|ray|Raydium|1.2|RAY|1
1inch|1inch|1inch|0.2|1INCH|1
compound-governance-token|comp|Compound|30|COMP|1
zcash|zec|Zcash|500|ZEC|1
dash|dash|Dash|50|DASH|1
kava|kava|Kava|0.12|KAVA|1
sats-ordinals|sats|SATS (Ordinals)|0.00000002|10000SATS|10000
terra-luna-2|luna|Terra|0.08|LUNA2|1
synthetix-network-token|snx|Synthetix|0.5|SNX|1
ordi|ordi|ORDI|4.5|ORDI|1
blur|blur|Blur|0.04|BLUR|1
celestia|tia|Celestia|0.7|TIA|1
zksync|zk|ZKsync|0.04|ZK|1
movement|move|Movement|0.05|MOVE|1
mog-coin|mog|Mog Coin|0.0000003|1000000MOG|1000000
baby-doge-coin|babydoge|Baby Doge Coin|0.0000000012|1000000BABYDOGE|1000000
cheems-token|cheems|Cheems|0.0000012|1000000CHEEMS|1000000
milady-meme-coin|ladys|Milady Meme Coin|0.00000003|10000LADYS|10000
dogwifcoin|wif|dogwifhat|0.45|WIF|1
book-of-meme|bome|BOOK OF MEME|0.0009|BOME|1
notcoin|not|Notcoin|0.0017|NOT|1
gmx|gmx|GMX|10|GMX|1
arweave|ar|Arweave|4.5|AR|1
woo-network|woo|WOO|0.03|WOO|1
enjincoin|enj|Enjin Coin|0.04|ENJ|1
basic-attention-token|bat|Basic Attention|0.2|BAT|1
zilliqa|zil|Zilliqa|0.008|ZIL|1
ankr|ankr|Ankr Network|0.01|ANKR|1
tokamak-network|ton|Tokamak Network|1.1|-|1
sushi|sushi|Sushi|0.5|SUSHI|1
yearn-finance|yfi|yearn.finance|4200|YFI|1
loopring|lrc|Loopring|0.06|LRC|1
based-pepe|pepe|Based Pepe|0.0000001|-|1
`;

/** CoinGecko lists these with market_cap_rank null; they sort after every ranked coin. */
export const UNRANKED_TABLE = `
pepe-unranked|pepe|Pepe (unranked copy)|0.00000001|-|1
sim-new-token|snt|Sim New Token|0.01|-|1
`;
