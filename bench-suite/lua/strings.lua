-- Strings: build a report with string.format, join it with table.concat, rewrite it with
-- gsub (pattern, function and table replacements), scan it with gmatch and find, change case,
-- and hash the result.
-- Usage: strings.lua [lines]
local lines = tonumber(arg and arg[1]) or 150000

local format, gsub, gmatch, find = string.format, string.gsub, string.gmatch, string.find
local upper, rep, byte = string.upper, string.rep, string.byte

local names = { "apple", "banana", "cherry", "damson", "elder", "fig", "grape", "hazel",
                "ivy", "juniper", "kiwi", "lemon", "mango" }
local nnames = #names

-- build
local parts = {}
for i = 1, lines do
  local name = names[i % nnames + 1]
  parts[i] = format("%06d|%-8s|%5x|%8.3f|%s%s\n", i, name, (i * 7919) % 65536,
                    (i % 1000) / 8, name, rep("!", i % 4))
end
local text = table.concat(parts)

-- gsub with a function: capitalise every word
local capitalised, words = gsub(text, "(%a)(%a*)", function(first, rest)
  return upper(first) .. rest
end)

-- gsub with a table: replace some words
local swaps = { Apple = "Pomme", Cherry = "Cerise", Fig = "Figue", Kiwi = nil }
local swapped, nswaps = gsub(capitalised, "%a+", swaps)

-- gsub with a string and captures: swap the two fields around the first bar
local reordered = gsub(swapped, "(%d+)|(%a+)", "%2=%1")

-- gmatch: sum the hexadecimal column and the decimal column
local hexsum, fracsum = 0, 0
for hex, dec in gmatch(text, "|%s*(%x+)|%s*([%d%.]+)|") do
  hexsum = hexsum + tonumber(hex, 16)
  fracsum = fracsum + tonumber(dec)
end

-- find: count lines ending with exactly three bangs (plain and pattern searches)
local bangs, at = 0, 1
while true do
  local s, e = find(reordered, "[^!]!!!\n", at)
  if not s then break end
  bangs = bangs + 1
  at = e + 1
end
local plain, p = 0, 1
while true do
  local s = find(reordered, "Pomme", p, true)
  if not s then break end
  plain = plain + 1
  p = s + 5
end

-- hash every 3rd byte of the final text
local h = 0
for i = 1, #reordered, 3 do
  h = (h * 31 + byte(reordered, i)) % 1000000007
end

print(format("strings %d %d %d %d %d %d %.3f %d %d %d", lines, #text, words, nswaps,
             #reordered, hexsum, fracsum, bangs, plain, h))
