# Simple Machines Forum 2.0 and 2.1: the default "Curve" theme.
# Keys and format: see netno(1), section PROFILES.
name: smf
kind: forum_thread
hint: forumposts
match: //div[@id='forumposts']//div[contains(concat(' ',normalize-space(@class),' '),' post_wrapper ')]
post: //div[@id='forumposts']//div[contains(concat(' ',normalize-space(@class),' '),' post_wrapper ')]
author: .//div[contains(concat(' ',normalize-space(@class),' '),' poster ')]//h4//a | .//div[contains(concat(' ',normalize-space(@class),' '),' poster ')]//h4
author_url: .//div[contains(concat(' ',normalize-space(@class),' '),' poster ')]//h4//a/@href
date: .//div[contains(@class,'keyinfo')]//*[contains(@class,'smalltext')]
text: .//div[starts-with(@id,'msg_')]
permalink: .//div[contains(@class,'keyinfo')]//a[contains(@href,'#msg')]/@href
native_id: .//div[starts-with(@id,'msg_')]/@id
quote: .//blockquote[contains(@class,'bbc_standard_quote') or contains(@class,'bbc_alternate_quote')] | .//div[contains(@class,'quoteheader')]
drop: .//div[contains(@class,'signature')] | .//div[contains(@class,'modified')]
next_page: //div[contains(@class,'pagelinks')]//a[contains(@class,'nav_page')][last()]/@href
