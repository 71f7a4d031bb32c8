# vBulletin 3 (postbit and postbit_legacy), 4 and 5: default styles.
# Keys and format: see netno(1), section PROFILES.
name: vbulletin3
kind: forum_thread
hint: post_message_
match: //table[starts-with(@id,'post')][.//div[starts-with(@id,'post_message_')]]
post: //table[starts-with(@id,'post')][.//div[starts-with(@id,'post_message_')]]
author: .//a[contains(@class,'bigusername')] | .//div[starts-with(@id,'postmenu_')]
author_url: .//a[contains(@class,'bigusername')]/@href
date: .//td[contains(@class,'thead')][1]
text: .//div[starts-with(@id,'post_message_')]
permalink: .//a[starts-with(@id,'postcount')]/@href
native_id: @id
quote: .//div[starts-with(@id,'post_message_')]//div[div[@class='smallfont']][table]
drop: .//div[contains(@class,'signature')]
next_page: //div[@class='pagenav']//a[@rel='next']/@href

name: vbulletin4
kind: forum_thread
hint: post_message_
match: //li[contains(concat(' ',normalize-space(@class),' '),' postcontainer ')][.//div[starts-with(@id,'post_message_')]]
post: //li[contains(concat(' ',normalize-space(@class),' '),' postcontainer ')][.//div[starts-with(@id,'post_message_')]]
author: .//*[contains(@class,'username_container')]//*[contains(concat(' ',normalize-space(@class),' '),' username ')]
author_url: .//*[contains(@class,'username_container')]//a[contains(concat(' ',normalize-space(@class),' '),' username ')]/@href
date: .//*[contains(@class,'posthead')]//*[contains(@class,'date')]
text: .//div[starts-with(@id,'post_message_')]
permalink: .//a[contains(@class,'postcounter')]/@href
native_id: @id
quote: .//div[contains(@class,'bbcode_quote')]
drop: .//*[contains(@class,'signature') or contains(@class,'lastedited')]
next_page: //span[contains(@class,'prev_next')]/a[@rel='next']/@href

name: vbulletin5
kind: forum_thread
hint: data-node-id
match: //li[contains(concat(' ',normalize-space(@class),' '),' b-post ')][@data-node-id]
post: //li[contains(concat(' ',normalize-space(@class),' '),' b-post ')][@data-node-id]
author: .//*[contains(@class,'b-userinfo__details')]//*[contains(@class,'author')]//a | .//*[contains(@class,'b-userinfo__details')]//*[contains(@class,'author')]
author_url: .//*[contains(@class,'b-userinfo__details')]//*[contains(@class,'author')]//a/@href
date: .//*[contains(@class,'b-post__timestamp')]//time | .//*[contains(@class,'b-post__timestamp')]
text: .//*[contains(@class,'js-post__content-text')]
permalink: .//a[contains(@class,'b-post__count')]/@href
native_id: @data-node-id
quote: .//div[contains(@class,'bbcode_quote')]
drop: .//*[contains(@class,'b-post__signature') or contains(@class,'js-post-signature')]
next_page: //a[contains(@class,'js-pagenav-next-button')]/@href
