-- RedisPolicyStore.tryAcquire: KEYS[1] the window's counter; ARGV[1] the limit, ARGV[2] the
-- counter's time to live in ms, set by the first permit. Returns 1 when a permit was left, else 0.
local taken = tonumber(redis.call('GET', KEYS[1]) or '0')
if taken >= tonumber(ARGV[1]) then return 0 end
if redis.call('INCR', KEYS[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
