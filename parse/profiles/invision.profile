# Invision Community (IP.Board) 3 and 4: the default themes.
# Keys and format: see netno(1), section PROFILES.
name: invision4
kind: forum_thread
hint: elComment_
match: //article[starts-with(@id,'elComment_')][contains(@class,'ipsComment')]
post: //article[starts-with(@id,'elComment_')][contains(@class,'ipsComment')]
author: .//*[contains(@class,'cAuthorPane_author')]//a | .//*[contains(@class,'cAuthorPane_author')]
author_url: .//*[contains(@class,'cAuthorPane_author')]//a/@href
date: .//div[contains(@class,'ipsComment_meta')]//time
text: .//div[@data-role='commentContent']
permalink: .//div[contains(@class,'ipsComment_meta')]//a[contains(@href,'comment=')]/@href
native_id: @id
quote: .//blockquote[contains(@class,'ipsQuote')]
drop: .//div[contains(@class,'cPost_signature')] | .//*[contains(@class,'ipsHide')]
next_page: //li[contains(@class,'ipsPagination_next')]/a/@href

name: invision3
kind: forum_thread
hint: post_id_
match: //div[starts-with(@id,'post_id_')][contains(@class,'post_block')]
post: //div[starts-with(@id,'post_id_')][contains(@class,'post_block')]
author: .//*[contains(@class,'author')][contains(@class,'vcard')]//a | .//*[contains(@class,'author')][contains(@class,'vcard')]
author_url: .//*[contains(@class,'author')][contains(@class,'vcard')]//a/@href
date: .//abbr[contains(@class,'published')]
date_attr: title
text: .//div[contains(concat(' ',normalize-space(@class),' '),' entry-content ')]
permalink: .//a[@rel='bookmark']/@href
native_id: @id
quote: .//blockquote[contains(@class,'ipsBlockquote')] | .//p[contains(@class,'citation')]
drop: .//div[contains(@class,'signature')] | .//p[contains(@class,'edit')]
next_page: //li[contains(@class,'next')]/a[@rel='next']/@href
