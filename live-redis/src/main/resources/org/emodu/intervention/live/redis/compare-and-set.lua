-- RedisPolicyStore.compareAndSet: KEYS[1] the key; ARGV[1] the expected version (0: absent),
-- ARGV[2] the value, ARGV[3] the time to live in ms. Writes value and version + 1 and sets the
-- expiry, or writes nothing when another writer came first. Returns 1 when written, else 0.
local current = redis.call('HGET', KEYS[1], 'version')
local expected = tonumber(ARGV[1])
if current then
  if tonumber(current) ~= expected then return 0 end
elseif expected ~= 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'value', ARGV[2], 'version', expected + 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
