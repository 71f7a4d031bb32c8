# Phorum 5: the default "emerald" template, read.php flat view.
# Keys and format: see netno(1), section PROFILES.
name: phorum
kind: forum_thread
hint: message-author
match: //div[contains(concat(' ',normalize-space(@class),' '),' message ')][div[contains(@class,'message-body')]][.//div[contains(@class,'message-author')]]
post: //div[contains(concat(' ',normalize-space(@class),' '),' message ')][div[contains(@class,'message-body')]][.//div[contains(@class,'message-author')]]
author: .//div[contains(@class,'message-author')]//a | .//div[contains(@class,'message-author')]
author_url: .//div[contains(@class,'message-author')]//a/@href
date: .//div[contains(@class,'generic')]//small
text: ./div[contains(@class,'message-body')]
permalink: .//div[contains(@class,'generic')]//small//a/@href
native_id: preceding-sibling::a[1]/@name
quote: .//blockquote
drop: .//div[contains(@class,'message-options')] | .//div[contains(@class,'message-moderation')]
next_page: //div[contains(@class,'nav')]//a[contains(@class,'icon-next')]/@href
