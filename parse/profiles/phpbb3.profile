# phpBB 3 (prosilver and derived styles).
# Keys and format: see netno(1), section PROFILES.
name: phpbb3
kind: forum_thread
hint: phpbb|phpBB
match: /html/body[@id='phpbb'] or //meta[@name='generator'][contains(@content,'phpBB')]
post: //div[contains(concat(' ',normalize-space(@class),' '),' post ')][.//div[contains(concat(' ',@class,' '),' content ')]]
author: .//p[contains(concat(' ',@class,' '),' author ')]//a[not(.//img)][not(contains(@href,'#'))] | .//dl[contains(@class,'postprofile')]//a[not(.//img)][contains(@href,'mem') or contains(@href,'user') or contains(@href,'profile')]
author_url: (.//p[contains(concat(' ',@class,' '),' author ')]//a[not(.//img)][not(contains(@href,'#'))] | .//dl[contains(@class,'postprofile')]//a[not(.//img)][contains(@href,'mem') or contains(@href,'user') or contains(@href,'profile')])/@href
date: .//*[contains(concat(' ',@class,' '),' author ')]//time | .//p[contains(concat(' ',@class,' '),' author ')]
text: .//div[contains(concat(' ',@class,' '),' content ')]
permalink: .//h3/a/@href
native_id: @id
quote: .//blockquote
drop: .//div[contains(@class,'signature')] | .//div[contains(@class,'notice')]
next_page: //div[contains(@class,'pagination')]//a[@rel='next']/@href
